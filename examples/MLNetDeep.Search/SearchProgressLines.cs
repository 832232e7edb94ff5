using System.Globalization;
using MLNetDeep;

namespace MLNetDeep.Examples;

/// <summary>
/// Prints one line per finished trial of a search (<see cref="SearchOptions.Progress"/>): its number and state, the
/// epochs it ran, the best objective so far and the time left. Reports synchronously, so lines appear as trials end.
/// </summary>
/// <param name="metric">The search metric's name, for the best-so-far figure.</param>
internal sealed class SearchProgressLines(string metric) : IProgress<SearchProgress>
{
    private readonly object _gate = new();

    /// <summary>Writes the line of a trial's end; epoch reports are skipped.</summary>
    public void Report(SearchProgress value)
    {
        if (value.TrialEnded is not { } state)
            return;
        var culture = CultureInfo.InvariantCulture;
        string budget = value.MaxTrials is { } max ? string.Create(culture, $"/{max}") : "";
        string best = value.BestObjective is { } b ? string.Create(culture, $"best {metric} {b:F4} (trial {value.BestTrial})") : "no trial scored yet";
        string left = value.EstimatedTimeRemaining is { } t ? $", about {t:m\\:ss} left" : "";
        lock (_gate)
            Console.WriteLine(string.Create(culture,
                $"  trial {value.Trial} ({value.TrialsFinished}{budget} done): {state} after {value.Epoch} epochs; {best}; {value.Elapsed:m\\:ss} elapsed{left}"));
    }
}
