using Microsoft.ML;

namespace MLNetDeep.Tests.Evaluation;

[TestClass]
public sealed class MetricsComparisonTests
{
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    public void ToString_TwoRegressionModels_OneColumnEach_Aligned()
    {
        float[] labels = [2, 4, 0, 5, 10, -2];
        var perfect = _ml.Regression.EvaluateReport(ScoredViews.Regression(_ml, labels, labels));
        var rough = _ml.Regression.EvaluateReport(ScoredViews.RegressionTest(_ml));

        string table = MetricsComparison.Compare(("A", rough), ("B", perfect)).ToString();

        // Values from RegressionMetricsReportTests: RMSE √(8/6), MAE 1, R² 485/533, MAPE 28%.
        string[] expected =
        [
            "Metric          A       B",
            "--------  -------  ------",
            "RMSE       1.1547  0.0000",
            "MAE        1.0000  0.0000",
            "R²         0.9099  1.0000",
            "MAPE (%)  28.0000  0.0000",
        ];
        Assert.AreEqual(string.Join("\n", expected) + "\n", table);
    }

    [TestMethod]
    public void Compare_RepeatedNamesAndMixedTasks_ListsEveryProblem()
    {
        var regression = _ml.Regression.EvaluateReport(ScoredViews.RegressionTest(_ml));
        var binary = _ml.BinaryClassification.EvaluateReport(ScoredViews.BinaryTest(_ml));

        var error = Assert.ThrowsExactly<ArgumentException>(() => MetricsComparison.Compare(("A", regression), ("A", binary)));

        StringAssert.StartsWith(error.Message,
            "Model names must be distinct; repeated: A. Reports of one task only; got RegressionMetricsReport, BinaryMetricsReport.");
    }

    [TestMethod]
    public void CrossValidationReport_PerFoldRowsAndMeanPlusMinusSampleStd()
    {
        // RMSE 1, 2, 3, 6: mean 3, sample variance (4 + 1 + 0 + 9) / 3 = 14/3, std 2.1602. MAE constant: std 0.
        var report = CrossValidationReport.FromFigures([0, 1, 2, 3],
        [
            [(MetricNames.Rmse, 1), (MetricNames.Mae, 0.5)],
            [(MetricNames.Rmse, 2), (MetricNames.Mae, 0.5)],
            [(MetricNames.Rmse, 3), (MetricNames.Mae, 0.5)],
            [(MetricNames.Rmse, 6), (MetricNames.Mae, 0.5)],
        ]);

        Assert.AreEqual(3.0, report[MetricNames.Rmse].Mean, 1e-12);
        Assert.AreEqual(Math.Sqrt(14.0 / 3), report[MetricNames.Rmse].StandardDeviation, 1e-12);
        Assert.AreEqual(0.0, report[MetricNames.Mae].StandardDeviation, 1e-12);
        string[] expected =
        [
            "Fold                   RMSE              MAE",
            "----------  ---------------  ---------------",
            "0                    1.0000           0.5000",
            "1                    2.0000           0.5000",
            "2                    3.0000           0.5000",
            "3                    6.0000           0.5000",
            "Mean ± std  3.0000 ± 2.1602  0.5000 ± 0.0000",
        ];
        Assert.AreEqual(string.Join("\n", expected) + "\n", report.ToString());
    }

    [TestMethod]
    public void CrossValidationReport_FromMlNetResults_TakesEachFoldsMetrics()
    {
        var data = Trainers.SyntheticData.Regression(_ml, 60);
        var results = _ml.Regression.CrossValidate(data, _ml.Regression.Trainers.Sdca(maximumNumberOfIterations: 5), numberOfFolds: 3);

        var report = CrossValidationReport.From(results);

        CollectionAssert.AreEqual(results.Select(r => r.Metrics.RootMeanSquaredError).ToList(), report[MetricNames.Rmse].PerFold.ToList());
        Assert.AreEqual(results.Average(r => r.Metrics.RSquared), report[MetricNames.RSquared].Mean, 1e-12);
        StringAssert.Contains(report.ToString(), "Mean ± std");
    }

    [TestMethod]
    public void CrossValidationReport_FromCalibratedBinaryResults_AddsTheLogLoss()
    {
        var data = Trainers.SyntheticData.Binary(_ml, 90);
        var results = _ml.BinaryClassification.CrossValidate(data, _ml.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: 5), numberOfFolds: 3);

        var report = CrossValidationReport.From(results);

        string[] names = [MetricNames.Accuracy, MetricNames.Auc, MetricNames.Auprc, MetricNames.F1, MetricNames.Precision, MetricNames.Recall, MetricNames.LogLoss];
        CollectionAssert.AreEqual(names, report.Metrics.Select(m => m.Name).ToArray());
        CollectionAssert.AreEqual(results.Select(r => r.Metrics.LogLoss).ToList(), report[MetricNames.LogLoss].PerFold.ToList());
        Assert.HasCount(3 + 3, report.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)); // header, rule, 3 folds, mean ± std
    }
}
