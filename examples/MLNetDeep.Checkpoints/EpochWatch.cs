using MLNetDeep;

namespace MLNetDeep.Examples;

/// <summary>
/// Watches a fit through <see cref="DeepMlpOptionsBase.Progress"/>: which epochs it completed and the last one it started.
/// <paramref name="onBatch"/> gets the epoch of every batch report, so the caller can cancel the fit once it reaches an epoch.
/// </summary>
/// <param name="onBatch">Called with the 1-based epoch of every report, before the watch records it.</param>
internal sealed class EpochWatch(Action<int> onBatch) : IProgress<TrainingProgress>
{
    private readonly List<int> _completed = [];

    /// <summary>The epochs whose end this fit reported, in order.</summary>
    public IReadOnlyList<int> Completed => _completed;

    /// <summary>The last epoch this fit reported a batch of (0 before any).</summary>
    public int LastStarted { get; private set; }

    /// <summary>The completed epochs as "first-last" ("none" when there are none).</summary>
    public string Range => _completed.Count == 0 ? "none" : $"{_completed[0]}-{_completed[^1]}";

    /// <summary>Records one report; the fit calls it on its own thread after every batch and at the end of every epoch.</summary>
    public void Report(TrainingProgress value)
    {
        onBatch(value.Epoch);
        LastStarted = value.Epoch;
        if (value.IsEpochEnd)
            _completed.Add(value.Epoch);
    }
}
