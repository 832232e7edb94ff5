using Microsoft.ML;

namespace MLNetDeep;

/// <summary>What the search needs from a task's test-once workflow: fitting, the two evaluations, the default metric and the metrics an objective may be.</summary>
/// <typeparam name="TReport">The task's metrics report.</typeparam>
internal sealed record SearchTask<TReport>(
    TestOnceWorkflow Workflow,
    Func<ITransformer, TReport> EvaluateValidation,
    Func<ITransformer, ITransformer, TReport> EvaluateTestOnce,
    string DefaultMetric,
    IReadOnlyList<string> Metrics)
    where TReport : MetricsReport
{
    /// <summary>Metrics for which lower is better; every other metric is maximized.</summary>
    private static readonly string[] LowerIsBetter = [MetricNames.LogLoss, MetricNames.Rmse, MetricNames.Mae, MetricNames.Mape];

    /// <summary>Whether a higher <paramref name="metric"/> is better.</summary>
    public static bool HigherIsBetter(string metric) => !LowerIsBetter.Contains(metric);
}
