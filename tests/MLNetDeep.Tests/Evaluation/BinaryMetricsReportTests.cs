using Microsoft.ML;

namespace MLNetDeep.Tests.Evaluation;

[TestClass]
public sealed class BinaryMetricsReportTests
{
    private const double Tolerance = 1e-6;
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    public void EvaluateReport_TinySet_MatchesHandComputedMetrics()
    {
        var report = _ml.BinaryClassification.EvaluateReport(ScoredViews.BinaryTest(_ml));

        // TP 2, FP 1, FN 1, TN 4 (ScoredViews.BinaryTest).
        Assert.AreEqual(new BinaryConfusion(2, 1, 4, 1), report.Confusion);
        Assert.AreEqual(6.0 / 8, report.Accuracy, Tolerance);
        Assert.AreEqual(2.0 / 3, report.Precision, Tolerance);
        Assert.AreEqual(2.0 / 3, report.Recall, Tolerance);
        Assert.AreEqual(2.0 / 3, report.F1, Tolerance);
        // Recall 2/3, specificity 4/5: (2/3 + 4/5) / 2 = 11/15.
        Assert.AreEqual(11.0 / 15, report.BalancedAccuracy, Tolerance);
        // Positive-negative pairs ranked right: the positive at 3.0 beats all 5 negatives, at 1.0 beats 4, at −1.0 beats 3: 12/15.
        Assert.AreEqual(12.0 / 15, report.Auc, Tolerance);
        // ML.NET's lower trapezoid by descending score T F T F T F F F:
        // (1/3)(1 + 1)/2 + (1/3)(1/2 + 2/3)/2 + (1/3)(2/4 + 3/5)/2 = 1/3 + 7/36 + 11/60 = 128/180.
        Assert.AreEqual(128.0 / 180, report.Auprc, Tolerance);
        // Mean of −log2 p(true class): positives 0.95, 0.70, 0.30; negatives 1 − (0.85, 0.40, 0.20, 0.15, 0.05)
        // = (0.0740 + 0.5146 + 1.7370 + 2.7370 + 0.7370 + 0.3219 + 0.2345 + 0.0740) / 8 = 0.803733.
        Assert.AreEqual(0.803733, report.LogLoss, 1e-5);
        Assert.AreEqual(0.0, report.Threshold);
        Assert.AreEqual(0L, report.PredictedLabelDisagreements);
        Assert.IsNull(report.F1Threshold);
        Assert.IsNull(report.AtF1Threshold);
        Assert.AreEqual(8, report.RowCount);
    }

    [TestMethod]
    public void EvaluateReport_OwnComputationsAgreeWithMlNetOnTheTinySet()
    {
        var report = _ml.BinaryClassification.EvaluateReport(ScoredViews.BinaryTest(_ml), bootstrap: new BootstrapOptions { BootstrapResamples = 1 });
        var scores = ScoredColumns.Binary(ScoredViews.BinaryTest(_ml), "Label", "Score", "Probability", "PredictedLabel");
        var all = Bootstrap.AllRows(8);

        // What the bootstrap recomputes on each resample follows ML.NET's definitions.
        Assert.AreEqual(report.Auc, scores.Auc(all), Tolerance);
        Assert.AreEqual(report.Auprc, scores.Auprc(all), Tolerance);
        Assert.AreEqual(report.LogLoss, scores.LogLoss(all), 1e-5);
    }

    [TestMethod]
    public void EvaluateReport_ThresholdFromValidation_ChoosesTheF1MaximizingThresholdAndAppliesItToTheTestRows()
    {
        var report = _ml.BinaryClassification.EvaluateReport(ScoredViews.BinaryTest(_ml), thresholdFrom: ScoredViews.BinaryValidation(_ml));

        // On the validation rows F1 peaks at 8/10 for p ≥ 0.35 (ScoredViews.BinaryValidation).
        Assert.AreEqual(0.35, report.F1Threshold!.Value, Tolerance);
        // Test rows with p ≥ 0.35: 0.95 T, 0.85 F, 0.70 T, 0.40 F; below: 0.30 T and 3 negatives.
        Assert.AreEqual(new BinaryConfusion(2, 2, 3, 1), report.AtF1Threshold);
        Assert.AreEqual(5.0 / 8, report[MetricNames.AccuracyAtF1Threshold].Value, Tolerance);
        // Recall 2/3, specificity 3/5.
        Assert.AreEqual(((2.0 / 3) + (3.0 / 5)) / 2, report[MetricNames.BalancedAccuracyAtF1Threshold].Value, Tolerance);
        // 2·TP / (2·TP + FP + FN) = 4/7.
        Assert.AreEqual(4.0 / 7, report[MetricNames.F1AtF1Threshold].Value, Tolerance);
        Assert.AreEqual("Probability", report.F1ThresholdColumn);
        StringAssert.Contains(report.ToString(), "Confusion matrix (Probability >= 0.3500)\n");
        // The metrics of the Score > 0 decisions are unchanged.
        Assert.AreEqual(6.0 / 8, report.Accuracy, Tolerance);
    }

    [TestMethod]
    public void EvaluateReport_DecidesByScoreAboveZero_AsMlNet_AndCountsDisagreeingPredictedLabels()
    {
        // Score 0 is negative (strictly above 0 is positive); PredictedLabel says the opposite in both rows.
        var data = _ml.Data.LoadFromEnumerable(new[]
        {
            new ScoredViews.BinaryRow { Label = false, Score = 0, Probability = 0.9f, PredictedLabel = true },
            new ScoredViews.BinaryRow { Label = true, Score = 0.5f, Probability = 0.3f, PredictedLabel = false },
        });

        var report = _ml.BinaryClassification.EvaluateReport(data);

        Assert.AreEqual(1.0, report.Accuracy, Tolerance);
        Assert.AreEqual(new BinaryConfusion(1, 0, 1, 0), report.Confusion);
        Assert.AreEqual(1.0, report.BalancedAccuracy, Tolerance);
        Assert.AreEqual(2L, report.PredictedLabelDisagreements);
        StringAssert.Contains(report.ToString(), "note: PredictedLabel differs from Score > 0.0000 in 2 row(s)");
    }

    [TestMethod]
    public void ToString_ListsTheMetricsAndTheConfusionMatrix()
    {
        string text = _ml.BinaryClassification.EvaluateReport(ScoredViews.BinaryTest(_ml)).ToString();

        StringAssert.Contains(text, "Balanced accuracy         0.7333\n");
        StringAssert.Contains(text, "AUPRC                     0.7111\n");
        StringAssert.Contains(text, "Threshold used (Score >)  0.0000\n");
        StringAssert.Contains(text, "Confusion matrix (Score > 0.0000)\n");
        StringAssert.Contains(text, "Truth \\ Predicted  positive  negative\n");
        StringAssert.Contains(text, "positive                  2         1\n");
        StringAssert.Contains(text, "negative                  1         4\n");
    }

    [TestMethod]
    public void EvaluateReport_WithAWrongLabelType_NamesTheColumnAndTheTypeItNeeds()
    {
        var data = ScoredViews.RegressionTest(_ml);

        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => _ml.BinaryClassification.EvaluateReport(data));

        StringAssert.StartsWith(error.Message, "Label column 'Label' is of type 'Single', but must be Boolean.");
    }

    [TestMethod]
    public void EvaluateReport_InvalidBootstrapOptions_ListsEveryViolation()
    {
        var options = new BootstrapOptions { BootstrapResamples = -1, ConfidenceLevel = 1 };

        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => _ml.BinaryClassification.EvaluateReport(ScoredViews.BinaryTest(_ml), bootstrap: options));

        StringAssert.StartsWith(error.Message,
            "BootstrapResamples is -1, but must be between 0 and 100000. ConfidenceLevel is 1, but must be strictly between 0 and 1.");
    }
}
