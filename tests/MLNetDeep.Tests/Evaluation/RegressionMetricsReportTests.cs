using Microsoft.ML;

namespace MLNetDeep.Tests.Evaluation;

[TestClass]
public sealed class RegressionMetricsReportTests
{
    private const double Tolerance = 1e-6;
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    public void EvaluateReport_TinySetWithAZeroLabel_MatchesHandComputedMetrics()
    {
        var report = _ml.Regression.EvaluateReport(ScoredViews.RegressionTest(_ml));

        // Errors −1 0 −1 1 2 −1: MAE 6/6, MSE 8/6.
        Assert.AreEqual(1.0, report.MeanAbsoluteError, Tolerance);
        Assert.AreEqual(Math.Sqrt(8.0 / 6), report.RootMeanSquaredError, Tolerance);
        // Mean label 19/6; SS_tot = 149 − 361/6 = 533/6; R² = 1 − 8 / (533/6) = 485/533.
        Assert.AreEqual(485.0 / 533, report.RSquared, Tolerance);
        // Label 0 skipped; |e|/|y| = 1/2, 0/4, 1/5, 2/10, 1/2: mean 1.4/5 = 28%.
        Assert.AreEqual(28.0, report.MeanAbsolutePercentageError, Tolerance);
        Assert.AreEqual(1L, report.MapeSkippedRows);
        StringAssert.Contains(report.ToString(), "MAPE skips 1 row(s) whose label is 0.");
    }

    [TestMethod]
    public void EvaluateReport_AllLabelsZero_MapeIsUndefined()
    {
        float[] labels = [0, 0];
        float[] scores = [1, 2];

        var report = _ml.Regression.EvaluateReport(ScoredViews.Regression(_ml, labels, scores));

        Assert.IsTrue(double.IsNaN(report.MeanAbsolutePercentageError));
        Assert.AreEqual(2L, report.MapeSkippedRows);
    }

    [TestMethod]
    public void EvaluateReport_RowWithANaNLabel_IsSkippedLikeMlNetSkipsIt()
    {
        float[] labels = [2, 4, 0, 5, 10, -2, float.NaN];
        float[] scores = [3, 4, 1, 4, 8, -1, 7];

        var report = _ml.Regression.EvaluateReport(ScoredViews.Regression(_ml, labels, scores));

        // The six rows of the tiny set.
        Assert.AreEqual(6L, report.RowCount);
        Assert.AreEqual(1.0, report.MeanAbsoluteError, Tolerance);
        Assert.AreEqual(28.0, report.MeanAbsolutePercentageError, Tolerance);
    }
}
