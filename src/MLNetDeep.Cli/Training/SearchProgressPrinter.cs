using System.Globalization;
using Spectre.Console;

namespace MLNetDeep.Cli.Training;

/// <summary>
/// Shows a search's progress: a line per finished trial (epochs, state, best so far, elapsed, ETA) and, on an
/// interactive terminal, a status line updated every epoch. Reports arrive on the search's thread.
/// </summary>
/// <param name="console">Where the lines go.</param>
/// <param name="metric">The search metric's name.</param>
public sealed class SearchProgressPrinter(IAnsiConsole console, string metric) : IProgress<SearchProgress>
{
    /// <summary>Updates the live status line (set while a Spectre status display runs); null prints trial lines only.</summary>
    public Action<string>? Status { get; set; }

    /// <inheritdoc/>
    public void Report(SearchProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        string best = value.BestObjective is { } b ? string.Create(CultureInfo.InvariantCulture, $"best {metric} {b:F4} (trial {value.BestTrial})") : "best -";
        string eta = value.EstimatedTimeRemaining is { } t ? $"ETA {t.TotalSeconds:F0} s" : "ETA -";
        if (value.TrialEnded is { } state)
        {
            console.Line($"  trial {value.Trial,3}: {value.Epoch,3} epochs, {state,-9} {best}, {value.Elapsed.TotalSeconds:F0} s elapsed, {eta}");
        }
        else
        {
            Status?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"trial {value.Trial}, epoch {value.Epoch}/{value.NumberOfEpochs}, validation loss {value.ValidationLoss:F4}; {best}; {eta}"));
        }
    }
}
