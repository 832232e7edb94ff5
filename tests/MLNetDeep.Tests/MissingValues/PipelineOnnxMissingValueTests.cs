using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Tests.Onnx;

namespace MLNetDeep.Tests.MissingValues;

/// <summary>The whole-pipeline ONNX file replaces NaN as the fitted pipeline does: the imputation is part of the appended network.</summary>
[TestClass]
public sealed class PipelineOnnxMissingValueTests
{
    [TestMethod]
    public void PipelineOnnx_WithNaNFeatures_OnnxRuntimeMatchesTransform()
    {
        var mlContext = new MLContext(seed: 5);
        IDataView data = PipelineOnnxTestData.Load(mlContext, missingEvery: 4);
        var model = mlContext.Transforms.Categorical.OneHotEncoding("CutEncoded", "Cut")
            .Append(mlContext.Transforms.NormalizeMinMax([new("CaratScaled", "Carat"), new("DepthScaled", "Depth"), new("TableScaled", "Table")]))
            .Append(mlContext.Transforms.Concatenate("Features", "CutEncoded", "CaratScaled", "DepthScaled", "TableScaled"))
            .Append(mlContext.Regression.Trainers.DeepMlp(new DeepMlpRegressionTrainer.Options { LabelColumnName = "Price", HiddenLayerSizes = [8], NumberOfEpochs = 3, Seed = 5 }))
            .Fit(data);
        using var stream = new MemoryStream();
        mlContext.Model.SavePipelineAsOnnx(model, data, stream);

        IDataView rows = PipelineOnnxTestData.Head(mlContext, data, 12);
        float[] expected = [.. model.Transform(rows).GetColumn<float>("Score")];
        var actual = (float[])PipelineOnnxRunner.Run(stream.ToArray(), rows)["Score"];

        Assert.AreEqual(2, model.LastTransformer.Model.MissingValues.Count, "Carat and Depth had missing values");
        Assert.IsTrue(expected.All(float.IsFinite), "rows 0, 1, 4, 5, 8, 9 have NaN and still score");
        for (int i = 0; i < expected.Length; i++)
            Assert.AreEqual(expected[i], actual[i], 1e-5 * Math.Max(1, Math.Abs(expected[i])), $"row {i}");
    }
}
