using Microsoft.ML;

namespace MLNetDeep;

/// <summary>
/// The outcome of a hyperparameter search: every trial, the best one, its model fitted on the training rows, and (unless
/// <see cref="SearchOptions.RefitAndEvaluateTest"/> is false) the refit on training + validation rows with its one test
/// score. Print <see cref="ToTable"/>, write <see cref="SaveCsv"/>, draw the best-so-far curve with
/// <c>MLNetDeep.Plots.SearchPlots.SaveBestSoFarPlot</c>.
/// </summary>
/// <typeparam name="TReport">The task's metrics report.</typeparam>
public sealed class SearchResult<TReport>
    where TReport : MetricsReport
{
    internal SearchResult(IReadOnlyList<SearchParameter> parameters, IReadOnlyList<SearchTrial> trials, SearchTrial best, string metric, bool higherIsBetter,
        ITransformer bestModel, TReport bestValidationReport, ITransformer? finalModel, TReport? testReport, SearchStopReason stopReason,
        TimeSpan searchTime, TimeSpan refitTime, int seed)
    {
        Parameters = parameters;
        Trials = trials;
        BestTrial = best;
        MetricName = metric;
        HigherIsBetter = higherIsBetter;
        BestModel = bestModel;
        BestValidationReport = bestValidationReport;
        FinalModel = finalModel;
        TestReport = testReport;
        StopReason = stopReason;
        SearchTime = searchTime;
        RefitTime = refitTime;
        Seed = seed;
    }

    /// <summary>The searched parameters, in the space's order.</summary>
    public IReadOnlyList<SearchParameter> Parameters { get; }

    /// <summary>Every trial, by number.</summary>
    public IReadOnlyList<SearchTrial> Trials { get; }

    /// <summary>The trial with the best objective on the validation rows (the lowest number among equals).</summary>
    public SearchTrial BestTrial { get; }

    /// <summary>The metric that picked the best trial (a <see cref="MetricNames"/> value).</summary>
    public string MetricName { get; }

    /// <summary>Whether a higher <see cref="MetricName"/> is better.</summary>
    public bool HigherIsBetter { get; }

    /// <summary>The best trial's model, fitted on the training rows (early-stopped on the validation rows).</summary>
    public ITransformer BestModel { get; }

    /// <summary>The best trial's model on the validation rows (the report its objective came from).</summary>
    public TReport BestValidationReport { get; }

    /// <summary>The best configuration refit on training + validation rows; null when the refit was not asked for.</summary>
    public ITransformer? FinalModel { get; }

    /// <summary>The one score of the workflow's test rows, by <see cref="FinalModel"/>; null when the refit was not asked for.</summary>
    public TReport? TestReport { get; }

    /// <summary>Why no further trial ran.</summary>
    public SearchStopReason StopReason { get; }

    /// <summary>Wall time of the trials.</summary>
    public TimeSpan SearchTime { get; }

    /// <summary>Wall time of the refit and the test score (zero without them).</summary>
    public TimeSpan RefitTime { get; }

    /// <summary>The seed of the proposals.</summary>
    public int Seed { get; }

    /// <summary>The best objective after each trial, by trial number (NaN until a trial is scored): the curve the best-so-far plot draws.</summary>
    public IReadOnlyList<double> BestSoFar()
    {
        var curve = new double[Trials.Count];
        double? best = null;
        for (int i = 0; i < Trials.Count; i++)
        {
            if (Trials[i].Objective is { } value && (best is null || (HigherIsBetter ? value > best : value < best)))
                best = value;
            curve[i] = best ?? double.NaN;
        }
        return curve;
    }

    /// <summary>The trials as an aligned text table: number, state, each parameter, objective, epochs, selected epoch, seconds; the best marked with '*'.</summary>
    public string ToTable() => SearchTrialTable.Render(this);

    /// <summary>Writes the trials as a CSV file (invariant culture, one row per trial; the per-epoch validation losses and metrics each in one ';'-separated column).</summary>
    /// <param name="path">The file to write (replaced if present).</param>
    public void SaveCsv(string path) => SearchTrialTable.SaveCsv(this, path);
}

/// <summary>Why a search ran no further trial.</summary>
public enum SearchStopReason
{
    /// <summary><see cref="SearchOptions.MaxTrials"/> trials ran.</summary>
    TrialBudget,

    /// <summary><see cref="SearchOptions.MaxTime"/> passed.</summary>
    TimeBudget,

    /// <summary>Every point of the grid ran.</summary>
    GridExhausted,
}
