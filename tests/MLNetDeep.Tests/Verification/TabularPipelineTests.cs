using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Scoring;

namespace MLNetDeep.Tests.Verification;

/// <summary>A pipeline with ML.NET's usual tabular preprocessing before DeepMlp saves and loads through LoadModel.</summary>
[TestClass]
public sealed class TabularPipelineTests
{
    [TestMethod]
    public void UsualPreprocessing_LoadsThroughLoadModel_AndScoresAsFitted()
    {
        var ml = new MLContext(seed: 1);
        var random = new Random(3);
        string[] cuts = ["Fair", "Good", "Ideal"];
        var rows = Enumerable.Range(0, 120).Select(i => new Row
        {
            Carat = (float)random.NextDouble(),
            Depth = i % 17 == 0 ? float.NaN : 55 + (10 * (float)random.NextDouble()),
            Cut = cuts[i % 3],
            Grade = i % 3 == 0 ? "low" : "high",
            Price = (float)random.NextDouble() * 1000,
        }).ToList();
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        var pipeline = ml.Transforms.ReplaceMissingValues("DepthFilled", "Depth")
            .Append(ml.Transforms.IndicateMissingValues("DepthMissing", "Depth"))
            .Append(ml.Transforms.Conversion.ConvertType("DepthMissingF", "DepthMissing", DataKind.Single))
            .Append(ml.Transforms.Categorical.OneHotEncoding("CutVector", "Cut"))
            .Append(ml.Transforms.Conversion.MapValue("GradeFlag", new Dictionary<string, float> { ["low"] = 0f, ["high"] = 1f }, "Grade"))
            .Append(ml.Transforms.CopyColumns("CaratCopy", "Carat"))
            .Append(ml.Transforms.NormalizeLogMeanVariance("Price"))
            .Append(ml.Transforms.NormalizeMinMax("CaratCopy"))
            .Append(ml.Transforms.NormalizeBinning("DepthBinned", "DepthFilled"))
            .Append(ml.Transforms.NormalizeRobustScaling("DepthFilled"))
            .Append(ml.Transforms.Concatenate("Features", "Carat", "CaratCopy", "DepthFilled", "DepthBinned", "DepthMissingF", "CutVector", "GradeFlag", "Price"))
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(ml.Transforms.DropColumns("CaratCopy"))
            .Append(ml.Transforms.Conversion.MapValueToKey("Label", "Cut"))
            .Append(ml.MulticlassClassification.Trainers.DeepMlp(hiddenLayerSizes: [4], numberOfEpochs: 1))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedCut", "PredictedLabel"));
        var model = pipeline.Fit(data);
        using var stream = new MemoryStream();
        MLNetDeepScoring.SaveModel(ml, model, data.Schema, stream);

        var loaded = MLNetDeepScoring.LoadModel(ml, new MemoryStream(stream.ToArray()), out _, new LoadModelOptions { RequireManifest = true });

        CollectionAssert.AreEqual(
            model.Transform(data).GetColumn<string>("PredictedCut").ToArray(),
            loaded.Transform(data).GetColumn<string>("PredictedCut").ToArray());
        Assert.AreEqual(0, loaded.LoadWarnings.Count);
    }

    private sealed class Row
    {
        public float Carat { get; set; }
        public float Depth { get; set; }
        public string Cut { get; set; } = "";
        public string Grade { get; set; } = "";
        public float Price { get; set; }
    }
}
