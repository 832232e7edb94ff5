using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep;

/// <summary>
/// <c>EvaluateReport</c> on ML.NET's task catalogs: multi-metric reports of any scored view (DeepMlp, FastTree,
/// LightGBM... all write the standard Score, Probability and PredictedLabel columns). ML.NET's evaluators give what
/// they provide; the rest is computed from the columns. Bootstrap intervals on request (<see cref="BootstrapOptions"/>).
/// </summary>
public static class EvaluationReportCatalog
{
    /// <summary>Binary classification report.</summary>
    /// <param name="catalog">The binary classification catalog.</param>
    /// <param name="data">The scored view to evaluate.</param>
    /// <param name="labelColumnName">The label column: Boolean.</param>
    /// <param name="scoreColumnName">The score column: Single; AUC and AUPRC rank it.</param>
    /// <param name="probabilityColumnName">The probability column: Single in [0, 1]; when the view has none, the log-loss is left out.</param>
    /// <param name="predictedLabelColumnName">The predicted label column: Boolean. ML.NET's evaluator requires it but, like
    /// this report, decides by Score &gt; 0.</param>
    /// <param name="thresholdFrom">Optional scored validation view (same columns): the F1-maximizing threshold is chosen
    /// on it and applied to <paramref name="data"/>. Never choose it on the rows you report.</param>
    /// <param name="bootstrap">Optional bootstrap intervals; null or 0 resamples for none.</param>
    public static BinaryMetricsReport EvaluateReport(this BinaryClassificationCatalog catalog, IDataView data,
        string labelColumnName = DefaultColumnNames.Label, string scoreColumnName = "Score",
        string probabilityColumnName = "Probability", string predictedLabelColumnName = "PredictedLabel",
        IDataView? thresholdFrom = null, BootstrapOptions? bootstrap = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        bootstrap?.Validate();
        var scores = ScoredColumns.Binary(data, labelColumnName, scoreColumnName, probabilityColumnName, predictedLabelColumnName);
        BinaryClassificationMetrics metrics = scores.Probabilities is null
            ? catalog.EvaluateNonCalibrated(data, labelColumnName, scoreColumnName, predictedLabelColumnName)
            : catalog.Evaluate(data, labelColumnName, scoreColumnName, probabilityColumnName, predictedLabelColumnName);
        double? threshold = null;
        if (ReferenceEquals(thresholdFrom, data))
            throw new ArgumentException("thresholdFrom is the view being evaluated: choose the threshold on validation rows, never on the rows you report.", nameof(thresholdFrom));
        if (thresholdFrom is not null)
        {
            var validation = ScoredColumns.Binary(thresholdFrom, labelColumnName, scoreColumnName, probabilityColumnName, predictedLabelColumnName);
            if ((validation.Probabilities is null) != (scores.Probabilities is null))
                throw new ArgumentException($"The thresholdFrom view and the evaluated view must both have, or both lack, the '{probabilityColumnName}' column.", nameof(thresholdFrom));
            double t = validation.F1MaximizingThreshold();
            threshold = double.IsNaN(t)
                ? throw new ArgumentException($"The thresholdFrom view has no positive label in column '{labelColumnName}'; the F1-maximizing threshold is undefined.", nameof(thresholdFrom))
                : t;
        }
        var all = Bootstrap.AllRows(scores.Labels.Length);
        var computed = scores.Metrics(all, threshold);
        var atThreshold = threshold is double th ? BinaryConfusion.Count(all, scores.Labels, i => scores.Ranking[i] >= th) : null;
        var intervals = bootstrap is null ? [] : Bootstrap.Intervals(all.Length, rows => scores.Metrics(rows, threshold), bootstrap);
        long disagreements = all.LongCount(i => scores.Predicted[i] != scores.Scores[i] > BinaryScores.MlNetScoreThreshold);
        return new BinaryMetricsReport(metrics, BinaryConfusion.Count(all, scores.Labels, i => scores.Scores[i] > BinaryScores.MlNetScoreThreshold),
            disagreements, scores.Probabilities is null ? scoreColumnName : probabilityColumnName, threshold, atThreshold, computed, intervals);
    }

    /// <summary>Multiclass classification report.</summary>
    /// <param name="catalog">The multiclass classification catalog.</param>
    /// <param name="data">The scored view to evaluate; rows with a missing label (key 0) are skipped, as ML.NET does.</param>
    /// <param name="labelColumnName">The label column: a key type; its key values, when present, name the classes.</param>
    /// <param name="scoreColumnName">The score column: a known-size vector of Single, one slot per class (probabilities).</param>
    /// <param name="predictedLabelColumnName">The predicted label column: the label's key type. ML.NET's evaluator requires it
    /// but, like this report, takes each row's prediction from the largest Score slot.</param>
    /// <param name="bootstrap">Optional bootstrap intervals; null or 0 resamples for none.</param>
    public static MulticlassMetricsReport EvaluateReport(this MulticlassClassificationCatalog catalog, IDataView data,
        string labelColumnName = DefaultColumnNames.Label, string scoreColumnName = "Score",
        string predictedLabelColumnName = "PredictedLabel", BootstrapOptions? bootstrap = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        bootstrap?.Validate();
        var scores = ScoredColumns.Multiclass(data, labelColumnName, scoreColumnName, predictedLabelColumnName);
        var metrics = catalog.Evaluate(data, labelColumnName, scoreColumnName, predictedLabelColumnName);
        var all = Bootstrap.AllRows(scores.Labels.Length);
        var intervals = bootstrap is null ? [] : Bootstrap.Intervals(all.Length, scores.Metrics, bootstrap);
        return new MulticlassMetricsReport(metrics, scores.PerClass(all), scores.MacroF1(all), scores.Confusion(all), all.Length, intervals);
    }

    /// <summary>Regression report.</summary>
    /// <param name="catalog">The regression catalog.</param>
    /// <param name="data">The scored view to evaluate.</param>
    /// <param name="labelColumnName">The label column: Single.</param>
    /// <param name="scoreColumnName">The score column: Single.</param>
    /// <param name="bootstrap">Optional bootstrap intervals; null or 0 resamples for none.</param>
    public static RegressionMetricsReport EvaluateReport(this RegressionCatalog catalog, IDataView data,
        string labelColumnName = DefaultColumnNames.Label, string scoreColumnName = "Score", BootstrapOptions? bootstrap = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        bootstrap?.Validate();
        var (labels, scores) = ScoredColumns.Regression(data, labelColumnName, scoreColumnName);
        var metrics = catalog.Evaluate(data, labelColumnName, scoreColumnName);
        var all = Bootstrap.AllRows(labels.Length);
        double mape = RegressionMetricsReport.Metrics(labels, scores, all)[MetricNames.Mape];
        var intervals = bootstrap is null ? [] : Bootstrap.Intervals(all.Length, rows => RegressionMetricsReport.Metrics(labels, scores, rows), bootstrap);
        return new RegressionMetricsReport(metrics, mape, labels.Length, labels.LongCount(l => l == 0), intervals);
    }
}
