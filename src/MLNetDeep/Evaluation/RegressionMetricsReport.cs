using Microsoft.ML.Data;

namespace MLNetDeep;

/// <summary>
/// Regression metrics from <c>mlContext.Regression.EvaluateReport(...)</c>: ML.NET's RMSE, MAE and R², plus the
/// mean absolute percentage error over the rows whose label is not 0 (and how many were skipped).
/// </summary>
public sealed class RegressionMetricsReport : MetricsReport
{
    private readonly List<MetricFigure> _figures;

    internal RegressionMetricsReport(RegressionMetrics metrics, double mape, long rowCount, long mapeSkippedRows,
        IReadOnlyDictionary<string, ConfidenceInterval> intervals)
    {
        MlNetMetrics = metrics;
        MeanAbsolutePercentageError = mape;
        RowCount = rowCount;
        MapeSkippedRows = mapeSkippedRows;
        var values = new (string Name, double Value)[]
        {
            (MetricNames.Rmse, RootMeanSquaredError),
            (MetricNames.Mae, MeanAbsoluteError),
            (MetricNames.RSquared, RSquared),
            (MetricNames.Mape, MeanAbsolutePercentageError),
        };
        _figures = values.Select(v => new MetricFigure(v.Name, v.Value, intervals.TryGetValue(v.Name, out var ci) ? ci : null)).ToList();
    }

    /// <summary>ML.NET's metrics for the view.</summary>
    public RegressionMetrics MlNetMetrics { get; }

    /// <summary>Root mean squared error (ML.NET).</summary>
    public double RootMeanSquaredError => MlNetMetrics.RootMeanSquaredError;

    /// <summary>Mean absolute error (ML.NET).</summary>
    public double MeanAbsoluteError => MlNetMetrics.MeanAbsoluteError;

    /// <summary>Coefficient of determination, 1 − SS_res / SS_tot (ML.NET).</summary>
    public double RSquared => MlNetMetrics.RSquared;

    /// <summary>100 × mean of |label − score| / |label| over the rows whose label is not 0; NaN when every label is 0.</summary>
    public double MeanAbsolutePercentageError { get; }

    /// <summary>Rows left out of the MAPE because their label is 0.</summary>
    public long MapeSkippedRows { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<MetricFigure> Figures => _figures;

    /// <inheritdoc/>
    public override long RowCount { get; }

    /// <summary>The metrics table, with a note on the rows the MAPE skipped.</summary>
    public override string ToString() =>
        FormattableString.Invariant($"Regression, {RowCount} rows\n") + ToTable()
        + (MapeSkippedRows > 0 ? FormattableString.Invariant($"MAPE skips {MapeSkippedRows} row(s) whose label is 0.\n") : "");

    /// <summary>RMSE, MAE, R² and MAPE on the rows of <paramref name="rows"/> (repeats allowed).</summary>
    internal static Dictionary<string, double> Metrics(float[] labels, float[] scores, int[] rows)
    {
        double mean = rows.Average(i => (double)labels[i]);
        double squared = rows.Sum(i => Math.Pow(labels[i] - (double)scores[i], 2));
        double total = rows.Sum(i => Math.Pow(labels[i] - mean, 2));
        var nonZero = rows.Where(i => labels[i] != 0).ToArray();
        return new Dictionary<string, double>
        {
            [MetricNames.Rmse] = Math.Sqrt(squared / rows.Length),
            [MetricNames.Mae] = rows.Average(i => Math.Abs(labels[i] - (double)scores[i])),
            [MetricNames.RSquared] = total == 0 ? double.NaN : 1 - (squared / total),
            [MetricNames.Mape] = nonZero.Length == 0 ? double.NaN
                : 100 * nonZero.Average(i => Math.Abs(labels[i] - (double)scores[i]) / Math.Abs(labels[i])),
        };
    }
}
