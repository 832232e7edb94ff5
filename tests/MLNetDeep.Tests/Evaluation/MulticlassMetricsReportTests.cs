using Microsoft.ML;

namespace MLNetDeep.Tests.Evaluation;

[TestClass]
public sealed class MulticlassMetricsReportTests
{
    private const double Tolerance = 1e-6;
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    public void EvaluateReport_TinySet_MatchesHandComputedMetrics()
    {
        var report = _ml.MulticlassClassification.EvaluateReport(ScoredViews.MulticlassTest(_ml));

        // Diagonal 2 + 2 + 2 of 10 rows.
        Assert.AreEqual(0.6, report.MicroAccuracy, Tolerance);
        // Recalls cat 2/4, dog 2/3, bird 2/3.
        Assert.AreEqual((0.5 + (2.0 / 3) + (2.0 / 3)) / 3, report.MacroAccuracy, Tolerance);
        // −ln of 0.7 0.6 0.3 0.2 0.8 0.4 0.7 0.8 0.6 0.35, mean = 6.960812 / 10.
        Assert.AreEqual(0.6960812, report.LogLoss, 1e-5);
        // Per class: cat predicted 3 times (2 right), dog 4 (2), bird 3 (2).
        string[] names = ["cat", "dog", "bird"];
        long[] support = [4, 3, 3];
        CollectionAssert.AreEqual(names, report.PerClass.Select(c => c.Name).ToArray());
        CollectionAssert.AreEqual(support, report.PerClass.Select(c => c.Support).ToArray());
        AssertClass(report.PerClass[0], precision: 2.0 / 3, recall: 0.5, f1: 4.0 / 7);
        AssertClass(report.PerClass[1], precision: 0.5, recall: 2.0 / 3, f1: 4.0 / 7);
        AssertClass(report.PerClass[2], precision: 2.0 / 3, recall: 2.0 / 3, f1: 2.0 / 3);
        // (4/7 + 4/7 + 2/3) / 3 = 38/63.
        Assert.AreEqual(38.0 / 63, report.MacroF1, Tolerance);
        Assert.AreEqual(1L, report.ConfusionCounts[0, 2]);
        Assert.AreEqual(0L, report.ConfusionCounts[1, 2]);
    }

    [TestMethod]
    public void EvaluateReport_OwnComputationsAgreeWithMlNet()
    {
        var data = ScoredViews.MulticlassTest(_ml);
        var report = _ml.MulticlassClassification.EvaluateReport(data);
        var own = ScoredColumns.Multiclass(data, "Label", "Score", "PredictedLabel").Metrics(Bootstrap.AllRows(10));

        Assert.AreEqual(report.MicroAccuracy, own[MetricNames.MicroAccuracy], Tolerance);
        Assert.AreEqual(report.MacroAccuracy, own[MetricNames.MacroAccuracy], Tolerance);
        Assert.AreEqual(report.LogLoss, own[MetricNames.LogLoss], 1e-5);
    }

    [TestMethod]
    public void EvaluateReport_PredictionComesFromTheLargestScoreSlot_AsInMlNet()
    {
        // Row 1 is a cat with its largest score on cat, though its PredictedLabel says dog.
        var data = ScoredViews.Multiclass(_ml, [ScoredViews.Class("cat", "dog", 0.7f, 0.2f, 0.1f), ScoredViews.Class("dog", "dog", 0.1f, 0.8f, 0.1f)]);

        var report = _ml.MulticlassClassification.EvaluateReport(data);

        Assert.AreEqual(1.0, report.MicroAccuracy, Tolerance);
        Assert.AreEqual(1.0, report.PerClass[0].Recall, Tolerance);
        Assert.AreEqual(1.0, report.MacroF1, Tolerance);
    }

    [TestMethod]
    public void ToString_NamesTheClassesInThePerClassTableAndTheConfusionMatrix()
    {
        string text = _ml.MulticlassClassification.EvaluateReport(ScoredViews.MulticlassTest(_ml)).ToString();

        StringAssert.Contains(text, "Class  Support  Precision  Recall      F1\n");
        StringAssert.Contains(text, "cat          4     0.6667  0.5000  0.5714\n");
        StringAssert.Contains(text, "Truth \\ Predicted  cat  dog  bird\n");
        StringAssert.Contains(text, "bird                 0    1     2\n");
        StringAssert.Contains(text, "Macro F1        0.6032\n");
    }

    private static void AssertClass(ClassMetrics metrics, double precision, double recall, double f1)
    {
        Assert.AreEqual(precision, metrics.Precision, Tolerance, metrics.Name);
        Assert.AreEqual(recall, metrics.Recall, Tolerance, metrics.Name);
        Assert.AreEqual(f1, metrics.F1, Tolerance, metrics.Name);
    }
}
