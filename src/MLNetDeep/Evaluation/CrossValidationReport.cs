using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep;

/// <summary>One metric across the folds of a cross-validation.</summary>
/// <param name="Name">The metric (see <see cref="MetricNames"/>).</param>
/// <param name="PerFold">Its value in each fold, in fold order.</param>
/// <param name="Mean">The mean over the folds.</param>
/// <param name="StandardDeviation">The sample standard deviation over the folds (n − 1 in the denominator); NaN with one fold.</param>
public sealed record CrossValidationMetric(string Name, IReadOnlyList<double> PerFold, double Mean, double StandardDeviation);

/// <summary>
/// ML.NET's <c>CrossValidate</c> results as a table: a row per fold and a "Mean ± std" row, a column per metric.
/// Binary: accuracy, AUC, AUPRC, F1, precision, recall (and log-loss when calibrated); multiclass: micro- and
/// macro-accuracy, log-loss; regression: RMSE, MAE, R².
/// </summary>
public sealed class CrossValidationReport
{
    private CrossValidationReport(IReadOnlyList<int> folds, IReadOnlyList<CrossValidationMetric> metrics)
    {
        Folds = folds;
        Metrics = metrics;
    }

    /// <summary>The fold numbers, in row order.</summary>
    public IReadOnlyList<int> Folds { get; }

    /// <summary>The metrics, in column order.</summary>
    public IReadOnlyList<CrossValidationMetric> Metrics { get; }

    /// <summary>The metric of that name.</summary>
    /// <exception cref="KeyNotFoundException">No such metric; the message lists those there are.</exception>
    public CrossValidationMetric this[string name] => Metrics.FirstOrDefault(m => m.Name == name)
        ?? throw new KeyNotFoundException($"No metric named '{name}'. Available: {string.Join(", ", Metrics.Select(m => m.Name))}.");

    /// <summary>The report of <c>mlContext.&lt;Task&gt;.CrossValidate(...)</c> results.</summary>
    /// <typeparam name="TMetrics">BinaryClassificationMetrics (or calibrated), MulticlassClassificationMetrics or RegressionMetrics.</typeparam>
    /// <param name="results">The per-fold results, at least one.</param>
    /// <exception cref="ArgumentException">No results, or metrics of another task.</exception>
    public static CrossValidationReport From<TMetrics>(IReadOnlyList<TrainCatalogBase.CrossValidationResult<TMetrics>> results)
        where TMetrics : class
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count == 0)
            throw new ArgumentException("Give the results of at least one fold.", nameof(results));
        return FromFigures(results.Select(r => r.Fold).ToList(), results.Select(r => Figures(r.Metrics)).ToList());
    }

    /// <summary>The report of per-fold figures (each fold the same metrics, in the same order).</summary>
    internal static CrossValidationReport FromFigures(IReadOnlyList<int> folds, IReadOnlyList<List<(string Name, double Value)>> perFold)
    {
        var metrics = perFold[0].Select((figure, m) =>
        {
            var values = perFold.Select(f => f[m].Value).ToArray();
            double mean = values.Average();
            double std = values.Length < 2 ? double.NaN : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
            return new CrossValidationMetric(figure.Name, values, mean, std);
        }).ToList();
        return new CrossValidationReport(folds, metrics);
    }

    /// <summary>The aligned table: a row per fold, then "Mean ± std".</summary>
    public override string ToString()
    {
        var header = new List<string> { "Fold" };
        header.AddRange(Metrics.Select(m => m.Name));
        var rows = Folds.Select((fold, f) =>
        {
            var row = new List<string> { FormattableString.Invariant($"{fold}") };
            row.AddRange(Metrics.Select(m => TextTable.Number(m.PerFold[f])));
            return (IReadOnlyList<string>)row;
        }).ToList();
        var summary = new List<string> { "Mean ± std" };
        summary.AddRange(Metrics.Select(m => $"{TextTable.Number(m.Mean)} ± {TextTable.Number(m.StandardDeviation)}"));
        rows.Add(summary);
        return TextTable.Render(header, rows);
    }

    private static List<(string Name, double Value)> Figures(object metrics) => metrics switch
    {
        CalibratedBinaryClassificationMetrics b => [.. Binary(b), (MetricNames.LogLoss, b.LogLoss)],
        BinaryClassificationMetrics b => Binary(b),
        MulticlassClassificationMetrics m =>
            [(MetricNames.MicroAccuracy, m.MicroAccuracy), (MetricNames.MacroAccuracy, m.MacroAccuracy), (MetricNames.LogLoss, m.LogLoss)],
        RegressionMetrics r =>
            [(MetricNames.Rmse, r.RootMeanSquaredError), (MetricNames.Mae, r.MeanAbsoluteError), (MetricNames.RSquared, r.RSquared)],
        _ => throw new ArgumentException(
            $"Cross-validation reports take binary, multiclass or regression metrics, not {metrics?.GetType().Name ?? "null"}.", nameof(metrics)),
    };

    private static List<(string Name, double Value)> Binary(BinaryClassificationMetrics b) =>
    [
        (MetricNames.Accuracy, b.Accuracy), (MetricNames.Auc, b.AreaUnderRocCurve), (MetricNames.Auprc, b.AreaUnderPrecisionRecallCurve),
        (MetricNames.F1, b.F1Score), (MetricNames.Precision, b.PositivePrecision), (MetricNames.Recall, b.PositiveRecall),
    ];
}
