using System.Text;
using Microsoft.ML.Data;

namespace MLNetDeep;

/// <summary>
/// Binary classification metrics from <c>mlContext.BinaryClassification.EvaluateReport(...)</c>: ML.NET's evaluator
/// figures (accuracy, precision, recall, F1, AUC, AUPRC, log-loss) plus balanced accuracy, the confusion matrix and,
/// when validation rows were given, the F1-maximizing threshold chosen on them and the metrics it gives here.
/// </summary>
/// <remarks>
/// Decisions (accuracy, precision, recall, F1, confusion) are ML.NET's evaluator's: positive when Score &gt; 0
/// (<see cref="Threshold"/>), whatever the PredictedLabel column says; for DeepMlp, FastTree and LightGBM with their
/// default thresholds the two agree. AUC and AUPRC rank the Score column; log-loss (base 2, as ML.NET) reads Probability and is NaN when
/// the view has none. The F1-maximizing threshold applies to Probability when present, otherwise to Score.
/// </remarks>
public sealed class BinaryMetricsReport : MetricsReport
{
    private readonly List<MetricFigure> _figures;

    internal BinaryMetricsReport(BinaryClassificationMetrics metrics, BinaryConfusion confusion, long predictedLabelDisagreements, string thresholdColumn, double? f1Threshold,
        BinaryConfusion? atF1Threshold, IReadOnlyDictionary<string, double> computed, IReadOnlyDictionary<string, ConfidenceInterval> intervals)
    {
        MlNetMetrics = metrics;
        Confusion = confusion;
        PredictedLabelDisagreements = predictedLabelDisagreements;
        F1ThresholdColumn = thresholdColumn;
        F1Threshold = f1Threshold;
        AtF1Threshold = atF1Threshold;
        LogLoss = metrics is CalibratedBinaryClassificationMetrics calibrated ? calibrated.LogLoss : double.NaN;
        BalancedAccuracy = confusion.BalancedAccuracy;
        var values = new List<(string Name, double Value)>
        {
            (MetricNames.Accuracy, Accuracy),
            (MetricNames.BalancedAccuracy, BalancedAccuracy),
            (MetricNames.Precision, Precision),
            (MetricNames.Recall, Recall),
            (MetricNames.F1, F1),
            (MetricNames.Auc, Auc),
            (MetricNames.Auprc, Auprc),
        };
        if (computed.ContainsKey(MetricNames.LogLoss))
            values.Add((MetricNames.LogLoss, LogLoss));
        values.Add((MetricNames.Threshold, Threshold));
        if (f1Threshold is double t && atF1Threshold is not null)
        {
            values.Add((MetricNames.F1Threshold, t));
            values.Add((MetricNames.AccuracyAtF1Threshold, atF1Threshold.Accuracy));
            values.Add((MetricNames.BalancedAccuracyAtF1Threshold, atF1Threshold.BalancedAccuracy));
            values.Add((MetricNames.F1AtF1Threshold, atF1Threshold.F1));
        }
        _figures = values.Select(v => new MetricFigure(v.Name, v.Value, intervals.TryGetValue(v.Name, out var ci) ? ci : null)).ToList();
    }

    /// <summary>ML.NET's metrics for the view (a <see cref="CalibratedBinaryClassificationMetrics"/> when it has a Probability column).</summary>
    public BinaryClassificationMetrics MlNetMetrics { get; }

    /// <summary>Fraction of rows decided right (ML.NET).</summary>
    public double Accuracy => MlNetMetrics.Accuracy;

    /// <summary>The threshold of the decisions: positive when Score is above it (0, as ML.NET's evaluator).</summary>
    public double Threshold { get; } = BinaryScores.MlNetScoreThreshold;

    /// <summary>(recall + specificity) / 2 of the decisions; NaN unless both classes occur.</summary>
    public double BalancedAccuracy { get; }

    /// <summary>Positive precision (ML.NET).</summary>
    public double Precision => MlNetMetrics.PositivePrecision;

    /// <summary>Positive recall (ML.NET).</summary>
    public double Recall => MlNetMetrics.PositiveRecall;

    /// <summary>F1 score (ML.NET).</summary>
    public double F1 => MlNetMetrics.F1Score;

    /// <summary>Area under the ROC curve of the Score column (ML.NET).</summary>
    public double Auc => MlNetMetrics.AreaUnderRocCurve;

    /// <summary>Area under the precision-recall curve of the Score column (ML.NET's lower-trapezoid estimator).</summary>
    public double Auprc => MlNetMetrics.AreaUnderPrecisionRecallCurve;

    /// <summary>Mean log-loss in bits (ML.NET, base 2); NaN without a Probability column.</summary>
    public double LogLoss { get; }

    /// <summary>The decisions (Score &gt; <see cref="Threshold"/>) against the labels.</summary>
    public BinaryConfusion Confusion { get; }

    /// <summary>Rows whose PredictedLabel differs from Score &gt; <see cref="Threshold"/>; 0 for models scored with their default threshold.</summary>
    public long PredictedLabelDisagreements { get; }

    /// <summary>The threshold that maximized F1 on the validation rows (<c>thresholdFrom</c>); null when none were given.</summary>
    public double? F1Threshold { get; }

    /// <summary>The column <see cref="F1Threshold"/> applies to: the probability column, or the score column when the view has none.</summary>
    public string F1ThresholdColumn { get; }

    /// <summary>The decisions "<see cref="F1ThresholdColumn"/> ≥ <see cref="F1Threshold"/>" on the evaluated rows; null without validation rows.</summary>
    public BinaryConfusion? AtF1Threshold { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<MetricFigure> Figures => _figures;

    /// <inheritdoc/>
    public override long RowCount => Confusion.TruePositives + Confusion.FalsePositives + Confusion.TrueNegatives + Confusion.FalseNegatives;

    /// <summary>The metrics table, the confusion matrix of the decisions and, when tuned, the one at the F1-maximizing threshold.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(FormattableString.Invariant($"Binary classification, {RowCount} rows; decisions: Score > {TextTable.Number(Threshold)}\n"));
        if (PredictedLabelDisagreements > 0)
            text.Append(FormattableString.Invariant($"note: PredictedLabel differs from Score > {TextTable.Number(Threshold)} in {PredictedLabelDisagreements} row(s); the metrics follow the score, as ML.NET's evaluator\n"));
        text.Append(ToTable()).Append('\n');
        text.Append(FormattableString.Invariant($"Confusion matrix (Score > {TextTable.Number(Threshold)})\n")).Append(Confusion.ToTable());
        if (AtF1Threshold is not null)
            text.Append('\n').Append(FormattableString.Invariant($"Confusion matrix ({F1ThresholdColumn} >= {TextTable.Number(F1Threshold!.Value)})\n")).Append(AtF1Threshold.ToTable());
        return text.ToString();
    }
}
