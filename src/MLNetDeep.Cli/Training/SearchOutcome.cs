using System.Globalization;
using Microsoft.ML;
using MLNetDeep.Plots;

namespace MLNetDeep.Cli.Training;

/// <summary>What <c>mlnetdeep train</c> keeps of a hyperparameter search, whatever the task.</summary>
/// <param name="BestModel">The best trial's pipeline, fitted on the training rows and early-stopped on the validation rows.</param>
/// <param name="History">The best trial's training history.</param>
/// <param name="TrialTable">The trial table (validation metric per trial, best marked).</param>
/// <param name="Summary">One line: trials run, pruned and failed, the best trial and its validation metric.</param>
/// <param name="SaveFiles">Writes search.csv and search-best-so-far.png into the given folder.</param>
public sealed record SearchOutcome(ITransformer BestModel, TrainingHistory History, string TrialTable, string Summary, Action<string> SaveFiles)
{
    /// <summary>Reads <paramref name="result"/>; throws when the budget ended before any trial finished an epoch.</summary>
    /// <param name="result">The search's result.</param>
    /// <param name="budget">The search's time budget, for the message.</param>
    /// <exception cref="UserInputException">The best trial ran no complete epoch.</exception>
    public static SearchOutcome From<TReport>(SearchResult<TReport> result, TimeSpan budget)
        where TReport : MetricsReport
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.BestTrial.Epochs == 0)
            throw BudgetTooSmall(budget);
        var history = ModelParts.DeepMlpOf(result.BestModel).History;
        var best = result.BestTrial;
        var culture = CultureInfo.InvariantCulture;
        string summary = string.Create(culture,
            $"{result.Trials.Count} trials ({result.Trials.Count(t => t.State == SearchTrialState.Pruned)} pruned, {result.Trials.Count(t => t.State == SearchTrialState.Failed)} failed) in {result.SearchTime.TotalSeconds:F1} s; ")
            + string.Create(culture, $"best trial {best.Number}: validation {result.MetricName} {best.Objective:F4}, epoch {best.SelectedEpoch} of {best.Epochs}; ")
            + string.Join(", ", best.Parameters.Select(p => $"{p.Key} = {Describe(p.Value)}"));
        return new SearchOutcome(result.BestModel, history, result.ToTable(), summary, folder =>
        {
            result.SaveCsv(Path.Combine(folder, "search.csv"));
            result.SaveBestSoFarPlot(Path.Combine(folder, "search-best-so-far.png"));
        });
    }

    /// <summary>The error for a time budget that ends before one epoch of training.</summary>
    /// <param name="budget">The time the search had.</param>
    public static UserInputException BudgetTooSmall(TimeSpan budget) => new(string.Create(CultureInfo.InvariantCulture,
        $"The time budget left {budget.TotalSeconds:F1} s for the DeepMlp search, too little for one epoch of training; raise --time (or subsample the dataset)."));

    private static string Describe(object? value) => value switch
    {
        double d => d.ToString("G3", CultureInfo.InvariantCulture),
        int[] sizes => "[" + string.Join(", ", sizes) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null",
    };
}
