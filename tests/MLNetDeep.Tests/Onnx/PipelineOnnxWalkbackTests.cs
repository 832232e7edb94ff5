using Microsoft.ML;
using Microsoft.ML.Data;
using static MLNetDeep.Tests.Onnx.PipelineOnnxRunner;

namespace MLNetDeep.Tests.Onnx;

/// <summary>
/// ML.NET's converter walks back from the last step: it skips a step it cannot export when the steps after it can read
/// raw columns instead, and it walks on into the transforms that produced the input view. SavePipelineAsOnnx must
/// neither drop a step silently nor export the input view's own transforms.
/// </summary>
[TestClass]
public sealed class PipelineOnnxWalkbackTests
{
    [TestMethod]
    public void AStepTheConverterWouldSkip_IsNamed_NotDropped()
    {
        var mlContext = new MLContext(seed: 1);
        IDataView data = PipelineOnnxTestData.Load(mlContext);
        var model = mlContext.Transforms.NormalizeMinMax("Carat")
            .Append(mlContext.Transforms.CustomMapping<PriceRow, FlagRow>((input, output) => output.Cheap = input.Price < 1000, contractName: null))
            .Append(mlContext.Transforms.Concatenate("Features", "Carat", "Depth"))
            .Append(mlContext.Regression.Trainers.DeepMlp(labelColumnName: "Price", hiddenLayerSizes: [4], numberOfEpochs: 1, seed: 1))
            .Fit(data);
        using var stream = new MemoryStream();

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => mlContext.Model.SavePipelineAsOnnx(model, data, stream));

        StringAssert.Contains(error.Message, "Step 1 (CustomMappingTransformer<PipelineOnnxWalkbackTests.PriceRow, PipelineOnnxWalkbackTests.FlagRow>)");
        StringAssert.Contains(error.Message, "would have left it out");
        Assert.AreEqual(0L, stream.Length);
    }

    [TestMethod]
    public void ATransformedInputView_IsTheGraphsInput_NotExportedAgain()
    {
        var mlContext = new MLContext(seed: 2);
        IDataView raw = PipelineOnnxTestData.Load(mlContext);
        IDataView prepared = mlContext.Transforms.NormalizeMinMax("Carat").Fit(raw).Transform(raw);
        var model = mlContext.Transforms.Concatenate("Features", "Carat", "Depth")
            .Append(mlContext.Regression.Trainers.DeepMlp(labelColumnName: "Price", hiddenLayerSizes: [4], numberOfEpochs: 2, seed: 2))
            .Fit(prepared);
        using var stream = new MemoryStream();
        mlContext.Model.SavePipelineAsOnnx(model, prepared, stream);

        IDataView rows = PipelineOnnxTestData.Head(mlContext, prepared, 10);
        float[] expected = [.. model.Transform(rows).GetColumn<float>("Score")];
        var actual = (float[])Run(stream.ToArray(), rows)["Score"];
        (_, _, string[] operators) = Describe(stream.ToArray());

        CollectionAssert.DoesNotContain(operators, "Scaler", "the input view's min-max step is not part of the graph");
        for (int i = 0; i < expected.Length; i++)
            Assert.AreEqual(expected[i], actual[i], 1e-5 * Math.Max(1, Math.Abs(expected[i])), $"row {i}");
    }

    private sealed class PriceRow
    {
        public float Price { get; set; }
    }

    private sealed class FlagRow
    {
        public bool Cheap { get; set; }
    }
}
