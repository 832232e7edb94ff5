using System.Globalization;
using Microsoft.ML.Runtime;
using MLNetDeep.Interop;

namespace MLNetDeep;

/// <summary>Where a search reports: <c>mlContext.Log</c> (channel "HyperparameterSearch") and <see cref="SearchOptions.Progress"/>; safe from parallel trials.</summary>
internal sealed class SearchLog(object catalog, IProgress<SearchProgress>? progress, int? maxTrials, DateTime? deadline, int parallelTrials)
{
    private readonly object _gate = new();
    private readonly DateTime _start = DateTime.UtcNow;
    private int _finished;
    private double _trialSeconds;
    private double? _best;
    private int? _bestTrial;

    /// <summary>Writes one information line to the context's log.</summary>
    public void Info(string message)
    {
        if (MLNetInternals.EnvironmentOf(catalog, out _) is not { } environment)
            return;
        lock (_gate)
        {
            using IChannel channel = environment.Register("HyperparameterSearch").Start("Search");
            channel.Info(MessageSensitivity.None, "{0}", message);
        }
    }

    /// <summary>Reports an epoch of a running trial.</summary>
    public void Epoch(int number, EpochRecord record, int numberOfEpochs)
    {
        lock (_gate)
            progress?.Report(Snapshot(number, record.Epoch, numberOfEpochs, record.ValidationLoss, null));
    }

    /// <summary>Records and reports a trial's end, and logs its line.</summary>
    public void TrialEnded(SearchTrial trial, int epochLimit, double? best, int? bestTrial, string metric)
    {
        lock (_gate)
        {
            _finished++;
            _trialSeconds += trial.Duration.TotalSeconds;
            (_best, _bestTrial) = (best, bestTrial);
            progress?.Report(Snapshot(trial.Number, trial.Epochs, epochLimit, null, trial.State));
        }
        string parameters = string.Join(", ", trial.Parameters.Select(p => $"{p.Key}={SearchParameter.Format(p.Value)}"));
        Info(string.Create(CultureInfo.InvariantCulture,
            $"Trial {trial.Number}: {trial.State} after {trial.Epochs} epochs in {trial.Duration.TotalSeconds:F1} s, {metric} {(trial.Objective is { } o ? o.ToString("G5", CultureInfo.InvariantCulture) : "-")} ({parameters}); best so far: trial {bestTrial?.ToString(CultureInfo.InvariantCulture) ?? "-"}, {best?.ToString("G5", CultureInfo.InvariantCulture) ?? "-"}."));
    }

    private SearchProgress Snapshot(int trial, int epoch, int numberOfEpochs, double? loss, SearchTrialState? ended)
    {
        var elapsed = DateTime.UtcNow - _start;
        TimeSpan? byTime = deadline is { } end ? (end > DateTime.UtcNow ? end - DateTime.UtcNow : TimeSpan.Zero) : null;
        TimeSpan? byTrials = maxTrials is { } budget && _finished > 0
            ? TimeSpan.FromSeconds(_trialSeconds / _finished * Math.Max(0, budget - _finished) / parallelTrials) : null;
        TimeSpan? remaining = byTime is { } a && byTrials is { } b ? (a < b ? a : b) : byTime ?? byTrials;
        return new SearchProgress(trial, maxTrials, epoch, numberOfEpochs, loss, ended, _finished, _best, _bestTrial, elapsed, remaining);
    }
}
