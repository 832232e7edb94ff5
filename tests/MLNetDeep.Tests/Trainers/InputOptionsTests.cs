using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Tests.Trainers;

/// <summary>StandardizeFeatures makes training independent of feature offsets; prefetch depth never changes results.</summary>
[TestClass]
public sealed class InputOptionsTests
{
    private readonly MLContext _ml = new(seed: 1);

    private sealed class Row
    {
        [VectorType(SyntheticData.FeatureCount)] public float[] Features { get; set; } = [];
        public bool Label { get; set; }
    }

    private IDataView Shifted(float offset) => _ml.Data.LoadFromEnumerable(
        SyntheticData.Features(300, seed: 1).Select(x => new Row { Features = x.Select(v => v + offset).ToArray(), Label = x[0] + (0.5f * x[1]) > 0 }).ToList());

    private static DeepMlpBinaryTrainer.Options Options(bool standardize) => new()
    {
        HiddenLayerSizes = [16], NumberOfEpochs = 5, BatchSize = 32, LearningRate = 0.01, Seed = 4, StandardizeFeatures = standardize,
    };

    [TestMethod]
    public void StandardizeFeatures_MakesAConstantOffsetInTheFeaturesIrrelevant()
    {
        float[] Probabilities(bool standardize, float offset)
        {
            var data = Shifted(offset);
            return new DeepMlpBinaryTrainer(Options(standardize)).Fit(data).Transform(data).GetColumn<float>("Probability").ToArray();
        }

        var centered = Probabilities(standardize: true, offset: 0);
        var shifted = Probabilities(standardize: true, offset: 50);
        var rawCentered = Probabilities(standardize: false, offset: 0);
        var rawShifted = Probabilities(standardize: false, offset: 50);

        double MaxDifference(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
        Assert.IsTrue(MaxDifference(centered, shifted) < 1e-3, $"standardized: {MaxDifference(centered, shifted)}");
        Assert.IsTrue(MaxDifference(rawCentered, rawShifted) > 0.05, $"raw: {MaxDifference(rawCentered, rawShifted)}");
    }

    [TestMethod]
    public void PrefetchBatches_DoesNotChangeStreamedTraining()
    {
        var data = SyntheticData.Binary(_ml, 300);
        float[] Scores(int prefetch)
        {
            var options = Options(standardize: true);
            options.MaxCacheSizeInMegabytes = 0;
            options.ShufflePoolSize = 64;
            options.PrefetchBatches = prefetch;
            return SyntheticData.Scores(new DeepMlpBinaryTrainer(options).Fit(data).Transform(data));
        }

        CollectionAssert.AreEqual(Scores(1), Scores(8));
    }
}
