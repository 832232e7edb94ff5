using System.Text;
using Microsoft.ML.Data;

namespace MLNetDeep;

/// <summary>
/// Multiclass classification metrics from <c>mlContext.MulticlassClassification.EvaluateReport(...)</c>: ML.NET's
/// micro- and macro-accuracy and log-loss, plus per-class precision, recall and F1 named after the label's key values,
/// macro F1 and the confusion matrix.
/// </summary>
/// <remarks>
/// As in ML.NET's evaluator, a row's predicted class is its largest Score slot (the first on ties), whatever its
/// PredictedLabel says; the per-class figures, macro F1 and the confusion matrix follow it too. Log-loss is ML.NET's:
/// the mean of −ln(max(p, 1e-15)) where p is the Score slot of the true class. Macro F1 averages the classes that occur
/// among the labels or predictions.
/// </remarks>
public sealed class MulticlassMetricsReport : MetricsReport
{
    private readonly List<MetricFigure> _figures;
    private readonly long[,] _confusion;

    internal MulticlassMetricsReport(MulticlassClassificationMetrics metrics, IReadOnlyList<ClassMetrics> perClass, double macroF1,
        long[,] confusion, long rowCount, IReadOnlyDictionary<string, ConfidenceInterval> intervals)
    {
        MlNetMetrics = metrics;
        PerClass = perClass;
        MacroF1 = macroF1;
        _confusion = (long[,])confusion.Clone();
        RowCount = rowCount;
        var values = new (string Name, double Value)[]
        {
            (MetricNames.MicroAccuracy, MicroAccuracy),
            (MetricNames.MacroAccuracy, MacroAccuracy),
            (MetricNames.MacroF1, MacroF1),
            (MetricNames.LogLoss, LogLoss),
        };
        _figures = values.Select(v => new MetricFigure(v.Name, v.Value, intervals.TryGetValue(v.Name, out var ci) ? ci : null)).ToList();
    }

    /// <summary>ML.NET's metrics for the view.</summary>
    public MulticlassClassificationMetrics MlNetMetrics { get; }

    /// <summary>Fraction of rows predicted right (ML.NET).</summary>
    public double MicroAccuracy => MlNetMetrics.MicroAccuracy;

    /// <summary>Mean over the classes present of their recall (ML.NET).</summary>
    public double MacroAccuracy => MlNetMetrics.MacroAccuracy;

    /// <summary>Mean natural-log loss (ML.NET).</summary>
    public double LogLoss => MlNetMetrics.LogLoss;

    /// <summary>Mean F1 over the classes that occur among the labels or the predictions.</summary>
    public double MacroF1 { get; }

    /// <summary>Precision, recall, F1 and support of every class, in key order.</summary>
    public IReadOnlyList<ClassMetrics> PerClass { get; }

    /// <summary>Counts by [true class, predicted class], in key order (a copy each time it is read).</summary>
    public long[,] ConfusionCounts => (long[,])_confusion.Clone();

    /// <inheritdoc/>
    public override IReadOnlyList<MetricFigure> Figures => _figures;

    /// <inheritdoc/>
    public override long RowCount { get; }

    /// <summary>The per-class figures as an aligned table: class, support, precision, recall, F1.</summary>
    public string ToClassTable() => TextTable.Render(
        ["Class", "Support", "Precision", "Recall", "F1"],
        PerClass.Select(c => (IReadOnlyList<string>)[c.Name, FormattableString.Invariant($"{c.Support}"),
            TextTable.Number(c.Precision), TextTable.Number(c.Recall), TextTable.Number(c.F1)]));

    /// <summary>The confusion matrix with the class names, rows the truth, columns the prediction.</summary>
    public string ToConfusionTable() => TextTable.Confusion(PerClass.Select(c => c.Name).ToList(), _confusion);

    /// <summary>The metrics, per-class and confusion tables.</summary>
    public override string ToString() => new StringBuilder()
        .Append(FormattableString.Invariant($"Multiclass classification, {RowCount} rows, {PerClass.Count} classes\n"))
        .Append(ToTable()).Append('\n')
        .Append(ToClassTable()).Append('\n')
        .Append("Confusion matrix\n").Append(ToConfusionTable())
        .ToString();
}
