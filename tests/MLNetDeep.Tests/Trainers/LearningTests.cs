using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Examples;

namespace MLNetDeep.Tests.Trainers;

/// <summary>Each task learns a real bundled dataset well above the trivial baseline, with a small fast model.</summary>
[TestClass]
public sealed class LearningTests
{
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    public void Binary_OnSpambase_BeatsMajorityClassClearly()
    {
        var (data, preprocessing) = BundledDatasets.Spambase(_ml);
        var split = _ml.Data.TrainTestSplit(data, 0.2, seed: 1);
        var pipeline = preprocessing.Append(_ml.BinaryClassification.Trainers.DeepMlp(hiddenLayerSizes: [32], numberOfEpochs: 5, seed: 1));

        var metrics = _ml.BinaryClassification.Evaluate(pipeline.Fit(split.TrainSet).Transform(split.TestSet));

        double majority = 1 - split.TestSet.GetColumn<string>("type").Count(t => t == "spam") / (double)split.TestSet.GetColumn<string>("type").Count();
        Assert.IsTrue(metrics.Accuracy > majority + 0.25, $"accuracy {metrics.Accuracy:F3}, majority {majority:F3}");
        Assert.IsTrue(metrics.AreaUnderRocCurve > 0.95, $"AUC {metrics.AreaUnderRocCurve:F3}");
    }

    [TestMethod]
    public void Multiclass_OnSatellite_BeatsMajorityClassClearly()
    {
        var (data, preprocessing) = BundledDatasets.Satellite(_ml);
        var split = _ml.Data.TrainTestSplit(data, 0.2, seed: 1);
        var pipeline = preprocessing.Append(_ml.MulticlassClassification.Trainers.DeepMlp(hiddenLayerSizes: [32], numberOfEpochs: 5, seed: 1));

        var metrics = _ml.MulticlassClassification.Evaluate(pipeline.Fit(split.TrainSet).Transform(split.TestSet));

        var classes = split.TestSet.GetColumn<string>("classes").ToList();
        double majority = classes.GroupBy(c => c).Max(g => g.Count()) / (double)classes.Count;
        Assert.IsTrue(metrics.MicroAccuracy > majority + 0.4, $"accuracy {metrics.MicroAccuracy:F3}, majority {majority:F3}");
        Assert.IsTrue(metrics.LogLoss < 0.5, $"log-loss {metrics.LogLoss:F3}");
    }

    [TestMethod]
    public void Regression_OnDiamonds_ExplainsMostOfThePrice()
    {
        var (data, preprocessing) = BundledDatasets.Diamonds(_ml);
        var sample = _ml.Data.TakeRows(_ml.Data.ShuffleRows(data, seed: 1), 6000);
        var split = _ml.Data.TrainTestSplit(sample, 0.2, seed: 1);
        var pipeline = preprocessing.Append(_ml.Regression.Trainers.DeepMlp(hiddenLayerSizes: [64], numberOfEpochs: 20, seed: 1));

        var metrics = _ml.Regression.Evaluate(pipeline.Fit(split.TrainSet).Transform(split.TestSet));

        Assert.IsTrue(metrics.RSquared > 0.9, $"R² {metrics.RSquared:F3}");
    }
}
