using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Tests.Onnx;

/// <summary>SavePipelineAsOnnx refuses a step it cannot export, naming the step and its position, before writing anything.</summary>
[TestClass]
public sealed class PipelineOnnxRefusalTests : TemporaryFolderTest
{
    [TestMethod]
    public void AStepTheConverterCannotExport_IsNamedWithItsPosition_AndNothingIsWritten()
    {
        var mlContext = new MLContext(seed: 1);
        IDataView data = PipelineOnnxTestData.Load(mlContext);
        var pipeline = mlContext.Transforms.NormalizeMinMax("Carat")
            .Append(mlContext.Transforms.CustomMapping<CaratRow, SquaredRow>((input, output) => output.CaratSquared = input.Carat * input.Carat, contractName: null))
            .Append(mlContext.Transforms.Concatenate("Features", "Carat", "CaratSquared"))
            .Append(mlContext.Regression.Trainers.DeepMlp(labelColumnName: "Price", hiddenLayerSizes: [4], numberOfEpochs: 1, seed: 1));
        var model = pipeline.Fit(data);
        string path = Path.Combine(Folder, "model.onnx");

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => mlContext.Model.SavePipelineAsOnnx(model, data, path));
        StringAssert.Contains(error.Message, "Step 1 (CustomMappingTransformer<PipelineOnnxRefusalTests.CaratRow, PipelineOnnxRefusalTests.SquaredRow>) of the pipeline's 4 steps (counting from 0)");
        Assert.IsFalse(File.Exists(path), "nothing is written");
        using var stream = new MemoryStream();
        Assert.ThrowsExactly<InvalidOperationException>(() => mlContext.Model.SavePipelineAsOnnx(model, data, stream));
        Assert.AreEqual(0L, stream.Length, "nothing is written to the stream either");
    }

    [TestMethod]
    public void AStepAfterDeepMlp_IsNamedWithItsPosition_AndNothingIsWritten()
    {
        var mlContext = new MLContext(seed: 2);
        IDataView data = PipelineOnnxTestData.Load(mlContext);
        var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Label", "Cut")
            .Append(mlContext.Transforms.Concatenate("Features", "Carat", "Depth"))
            .Append(mlContext.MulticlassClassification.Trainers.DeepMlp(hiddenLayerSizes: [4], numberOfEpochs: 1, seed: 2))
            .Append(mlContext.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        var model = pipeline.Fit(data);
        string path = Path.Combine(Folder, "model.onnx");

        var error = Assert.ThrowsExactly<ArgumentException>(() => mlContext.Model.SavePipelineAsOnnx(model, data, path));
        StringAssert.Contains(error.Message, "Step 3 (KeyToValueMappingTransformer) of the pipeline's 4 steps (counting from 0) comes after the DeepMlp step");
        Assert.IsFalse(File.Exists(path));
    }

    [TestMethod]
    public void APipelineWithoutDeepMlp_PointsToConvertToOnnx()
    {
        var mlContext = new MLContext(seed: 3);
        IDataView data = PipelineOnnxTestData.Load(mlContext);
        var model = mlContext.Transforms.NormalizeMinMax("Carat").Fit(data);

        var error = Assert.ThrowsExactly<ArgumentException>(() => mlContext.Model.SavePipelineAsOnnx(model, data, Path.Combine(Folder, "model.onnx")));
        StringAssert.Contains(error.Message, "mlContext.Model.ConvertToOnnx");
    }

    [TestMethod]
    public void AnOutputNameTheGraphAlreadyUses_IsRefused_UnlessThePipelineDoesNotReadIt()
    {
        var mlContext = new MLContext(seed: 4);
        IDataView data = mlContext.Transforms.CopyColumns("Score", "Depth").Fit(PipelineOnnxTestData.Load(mlContext))
            .Transform(PipelineOnnxTestData.Load(mlContext));
        var unused = mlContext.Transforms.Concatenate("Features", "Carat", "Table")
            .Append(mlContext.Regression.Trainers.DeepMlp(labelColumnName: "Price", hiddenLayerSizes: [4], numberOfEpochs: 1, seed: 4)).Fit(data);
        using var stream = new MemoryStream();
        mlContext.Model.SavePipelineAsOnnx(unused, data, stream);
        Assert.IsGreaterThan(0L, stream.Length, "an input column named Score that the pipeline does not read is no input");

        var read = mlContext.Transforms.Concatenate("Features", "Carat", "Score")
            .Append(mlContext.Regression.Trainers.DeepMlp(labelColumnName: "Price", hiddenLayerSizes: [4], numberOfEpochs: 1, seed: 4)).Fit(data);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => mlContext.Model.SavePipelineAsOnnx(read, data, Path.Combine(Folder, "model.onnx")));
        StringAssert.Contains(error.Message, "already has a value named 'Score'");
        Assert.IsFalse(File.Exists(Path.Combine(Folder, "model.onnx")));
    }

    private sealed class CaratRow
    {
        public float Carat { get; set; }
    }

    private sealed class SquaredRow
    {
        public float CaratSquared { get; set; }
    }
}
