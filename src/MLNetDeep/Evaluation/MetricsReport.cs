namespace MLNetDeep;

/// <summary>The metric names that evaluation reports and <see cref="CrossValidationReport"/> print.</summary>
public static class MetricNames
{
    /// <summary>Fraction of rows classified correctly (binary; micro-accuracy for multiclass).</summary>
    public const string Accuracy = "Accuracy";

    /// <summary>Mean of the recall of the positive class and of the negative class.</summary>
    public const string BalancedAccuracy = "Balanced accuracy";

    /// <summary>Positive precision: TP / (TP + FP).</summary>
    public const string Precision = "Precision";

    /// <summary>Positive recall: TP / (TP + FN).</summary>
    public const string Recall = "Recall";

    /// <summary>F1 score of the positive class.</summary>
    public const string F1 = "F1";

    /// <summary>Area under the ROC curve.</summary>
    public const string Auc = "AUC";

    /// <summary>Area under the precision-recall curve (ML.NET's lower-trapezoid estimator).</summary>
    public const string Auprc = "AUPRC";

    /// <summary>Log-loss: base 2 for binary (as ML.NET), natural log for multiclass (as ML.NET).</summary>
    public const string LogLoss = "Log-loss";

    /// <summary>The threshold of the decisions behind accuracy, precision, recall and F1: ML.NET's evaluator predicts positive when Score &gt; 0.</summary>
    public const string Threshold = "Threshold used (Score >)";

    /// <summary>The F1-maximizing threshold chosen on the validation rows.</summary>
    public const string F1Threshold = "F1-max threshold (validation)";

    /// <summary>Accuracy with the F1-maximizing threshold applied to the evaluated rows.</summary>
    public const string AccuracyAtF1Threshold = "Accuracy @ F1-max threshold";

    /// <summary>Balanced accuracy with the F1-maximizing threshold applied to the evaluated rows.</summary>
    public const string BalancedAccuracyAtF1Threshold = "Balanced accuracy @ F1-max threshold";

    /// <summary>F1 with the F1-maximizing threshold applied to the evaluated rows.</summary>
    public const string F1AtF1Threshold = "F1 @ F1-max threshold";

    /// <summary>Multiclass: fraction of rows classified correctly.</summary>
    public const string MicroAccuracy = "Micro-accuracy";

    /// <summary>Multiclass: mean over classes of each class's accuracy (its recall).</summary>
    public const string MacroAccuracy = "Macro-accuracy";

    /// <summary>Multiclass: mean over classes of each class's F1.</summary>
    public const string MacroF1 = "Macro F1";

    /// <summary>Root mean squared error.</summary>
    public const string Rmse = "RMSE";

    /// <summary>Mean absolute error.</summary>
    public const string Mae = "MAE";

    /// <summary>Coefficient of determination.</summary>
    public const string RSquared = "R²";

    /// <summary>Mean absolute percentage error, in percent, over the rows whose label is not 0.</summary>
    public const string Mape = "MAPE (%)";
}

/// <summary>
/// What the evaluation reports share: the metrics as <see cref="MetricFigure"/>s in print order, and an aligned
/// text table (invariant culture) of them. Compare several with <see cref="MetricsComparison.Compare"/>.
/// </summary>
public abstract class MetricsReport
{
    private protected MetricsReport()
    {
    }

    /// <summary>The metrics in print order, with their intervals when bootstrapping was requested.</summary>
    public abstract IReadOnlyList<MetricFigure> Figures { get; }

    /// <summary>Number of rows evaluated.</summary>
    public abstract long RowCount { get; }

    /// <summary>The metric of that name (see <see cref="MetricNames"/>).</summary>
    /// <exception cref="KeyNotFoundException">The report has no such metric; the message lists those it has.</exception>
    public MetricFigure this[string name] => Figures.FirstOrDefault(f => f.Name == name)
        ?? throw new KeyNotFoundException($"No metric named '{name}'. Available: {string.Join(", ", Figures.Select(f => f.Name))}.");

    /// <summary>The metrics as an aligned table: one row per metric, its value and, when bootstrapped, its interval.</summary>
    public string ToTable()
    {
        bool intervals = Figures.Any(f => f.Interval is not null);
        var level = Figures.Select(f => f.Interval?.Level).FirstOrDefault(l => l is not null);
        IReadOnlyList<string> header = intervals
            ? ["Metric", "Value", FormattableString.Invariant($"{level * 100:0.#}% CI")]
            : ["Metric", "Value"];
        return TextTable.Render(header, Figures.Select(f => (IReadOnlyList<string>)(intervals
            ? [f.Name, TextTable.Number(f.Value), f.Interval is { } ci ? $"[{TextTable.Number(ci.Lower)}, {TextTable.Number(ci.Upper)}]" : "-"]
            : [f.Name, TextTable.Number(f.Value)])));
    }
}
