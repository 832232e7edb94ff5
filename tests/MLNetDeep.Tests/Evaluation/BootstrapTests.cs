using Microsoft.ML;

namespace MLNetDeep.Tests.Evaluation;

[TestClass]
public sealed class BootstrapTests
{
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    public void Percentile_InterpolatesBetweenOrderStatistics()
    {
        double[] sorted = [1, 2, 3, 4, 5];

        // Positions 0.025·4 = 0.1 and 0.975·4 = 3.9.
        Assert.AreEqual(1.1, Bootstrap.Percentile(sorted, 0.025), 1e-12);
        Assert.AreEqual(4.9, Bootstrap.Percentile(sorted, 0.975), 1e-12);
        Assert.AreEqual(3.0, Bootstrap.Percentile(sorted, 0.5), 1e-12);
    }

    [TestMethod]
    public void Intervals_SameSeed_SameIntervals_OtherSeed_OtherIntervals()
    {
        var data = Noisy(60);

        var first = Report(data, seed: 7);
        var again = Report(data, seed: 7);
        var other = Report(data, seed: 8);

        CollectionAssert.AreEqual(first.Figures.ToList(), again.Figures.ToList());
        CollectionAssert.AreNotEqual(first.Figures.ToList(), other.Figures.ToList());
    }

    [TestMethod]
    public void Intervals_ContainThePointEstimate_AndEveryMetricHasOne()
    {
        var report = Report(Noisy(60), seed: 1);

        foreach (var figure in report.Figures)
        {
            var ci = figure.Interval!.Value;
            Assert.AreEqual(0.9, ci.Level);
            Assert.IsTrue(ci.Lower <= figure.Value && figure.Value <= ci.Upper, $"{figure.Name}: {figure.Value} outside [{ci.Lower}, {ci.Upper}]");
        }
    }

    [TestMethod]
    public void Intervals_NarrowWithMoreRows()
    {
        var small = Report(Noisy(40), seed: 1)[MetricNames.Mae].Interval!.Value;
        var large = Report(Noisy(400), seed: 1)[MetricNames.Mae].Interval!.Value;

        Assert.IsLessThan(small.Upper - small.Lower, large.Upper - large.Lower);
    }

    [TestMethod]
    public void Intervals_BinaryReport_CoverEveryMetricAndThePointEstimates()
    {
        var report = _ml.BinaryClassification.EvaluateReport(ScoredViews.BinaryTest(_ml), thresholdFrom: ScoredViews.BinaryValidation(_ml),
            bootstrap: new BootstrapOptions { BootstrapResamples = 300, Seed = 3 });

        foreach (var figure in report.Figures.Where(f => f.Name is not (MetricNames.F1Threshold or MetricNames.Threshold)))
        {
            var ci = figure.Interval!.Value;
            Assert.IsTrue(ci.Lower <= figure.Value + 1e-6 && figure.Value - 1e-6 <= ci.Upper, $"{figure.Name}: {figure.Value} outside [{ci.Lower}, {ci.Upper}]");
        }
        StringAssert.Contains(report.ToTable(), "Metric                                 Value            95% CI\n");
    }

    [TestMethod]
    public void Intervals_MulticlassReport_CoverEveryMetricAndThePointEstimates()
    {
        var report = _ml.MulticlassClassification.EvaluateReport(ScoredViews.MulticlassTest(_ml), bootstrap: new BootstrapOptions { BootstrapResamples = 200 });

        foreach (var figure in report.Figures)
        {
            var ci = figure.Interval!.Value;
            Assert.IsTrue(ci.Lower <= figure.Value + 1e-6 && figure.Value - 1e-6 <= ci.Upper, $"{figure.Name}: {figure.Value} outside [{ci.Lower}, {ci.Upper}]");
        }
    }

    private RegressionMetricsReport Report(Microsoft.ML.IDataView data, int seed) =>
        _ml.Regression.EvaluateReport(data, bootstrap: new BootstrapOptions { BootstrapResamples = 200, ConfidenceLevel = 0.9, Seed = seed });

    /// <summary>Labels 1..n, scores off by a deterministic error in [−1, 1].</summary>
    private Microsoft.ML.IDataView Noisy(int rows)
    {
        var labels = Enumerable.Range(1, rows).Select(i => (float)i).ToArray();
        var scores = labels.Select((l, i) => l + (float)Math.Sin(i * 1.7)).ToArray();
        return ScoredViews.Regression(_ml, labels, scores);
    }
}
