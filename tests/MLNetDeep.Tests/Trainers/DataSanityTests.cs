using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Tests.Trainers;

/// <summary>No silent nonsense: data that can only give a meaningless model is refused, suspicious data and rates are noted.</summary>
[TestClass]
public sealed class DataSanityTests
{
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    public void OneClassBinaryData_IsRefused_NamingTheLabelAndTheClass()
    {
        var rows = SyntheticData.Features(50, seed: 1).Select(x => new SyntheticData.BinaryRow { Features = x, Label = true }).ToList();

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => new DeepMlpBinaryTrainer(Options<DeepMlpBinaryTrainer.Options>()).Fit(_ml.Data.LoadFromEnumerable(rows)));

        StringAssert.StartsWith(error.Message, "Label column 'Label' is true in all 50 training rows: binary classification needs both classes");
    }

    [TestMethod]
    public void AllZeroExampleWeights_AreRefused()
    {
        var rows = SyntheticData.Features(40, seed: 1).Select(x => new WeightedRow { Features = x, Label = x[0], Weight = 0 }).ToList();
        var options = Options<DeepMlpRegressionTrainer.Options>();
        options.ExampleWeightColumnName = "Weight";

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => new DeepMlpRegressionTrainer(options).Fit(_ml.Data.LoadFromEnumerable(rows)));

        StringAssert.StartsWith(error.Message, "Every example weight in column 'Weight' is 0 over the 40 training rows");
    }

    [TestMethod]
    public void KeyClassesWithoutTrainingRows_AreNoted()
    {
        var raw = _ml.Data.LoadFromEnumerable(SyntheticData.Features(60, seed: 1).Select(x => new SyntheticData.ClassRow { Features = x, Class = SyntheticData.ClassRule(x) }).ToList());
        var keys = _ml.Data.LoadFromEnumerable("abcd".Select(c => new KeyRow { Class = c.ToString() }).ToList());
        var data = _ml.Transforms.Conversion.MapValueToKey("Label", "Class", keyData: keys).Fit(raw).Transform(raw);

        var model = new DeepMlpMulticlassTrainer(Options<DeepMlpMulticlassTrainer.Options>()).Fit(data);

        Assert.IsTrue(model.History.Notes.Any(n => n.StartsWith("1 of the 4 classes of label column 'Label' have no training row (key index 3)", StringComparison.Ordinal)),
            string.Join("\n", model.History.Notes));
    }

    [TestMethod]
    public void TinyButVaryingFeatures_AreStandardizedByTheirSpread_AndLearned()
    {
        var rows = SyntheticData.Features(300, seed: 1)
            .Select(x => new SyntheticData.BinaryRow { Features = [.. x.Select(v => v * 1e-30f)], Label = SyntheticData.BinaryRule(x) }).ToList();
        var data = _ml.Data.LoadFromEnumerable(rows);
        var options = Options<DeepMlpBinaryTrainer.Options>();
        options.NumberOfEpochs = 20;

        var metrics = _ml.BinaryClassification.Evaluate(new DeepMlpBinaryTrainer(options).Fit(data).Transform(data));

        Assert.IsGreaterThan(0.95, metrics.AreaUnderRocCurve, "features around 1e-30 were treated as constant before");
    }

    [TestMethod]
    public void AbsurdLearningRate_IsNoted()
    {
        var options = Options<DeepMlpRegressionTrainer.Options>();
        options.LearningRate = 50;
        options.DivergenceGuard.Action = DivergenceAction.RestoreLastFiniteWeights;

        var model = new DeepMlpRegressionTrainer(options).Fit(SyntheticData.Regression(_ml, 40));

        Assert.IsTrue(model.History.Notes.Any(n => n.StartsWith("LearningRate is 50 with Adam, above 1: such a rate almost always diverges.", StringComparison.Ordinal)),
            string.Join("\n", model.History.Notes));
    }

    private static T Options<T>()
        where T : DeepMlpOptionsBase, new() => new() { HiddenLayerSizes = [8], NumberOfEpochs = 1, BatchSize = 16, Seed = 1 };

    private sealed class WeightedRow
    {
        [VectorType(SyntheticData.FeatureCount)] public float[] Features { get; set; } = [];
        public float Label { get; set; }
        public float Weight { get; set; }
    }

    private sealed class KeyRow
    {
        public string Class { get; set; } = "";
    }
}
