using MLNetDeep.Training;

namespace MLNetDeep.Checkpoints;

/// <summary>
/// Writes one ensemble member's checkpoints, as the last callback of its training (after every other callback has seen
/// the epoch): every <see cref="DeepMlpOptionsBase.CheckpointEveryNEpochs"/> epochs and when training ends, and
/// <c>best.ckpt</c> whenever the watched value improves (<see cref="DeepMlpOptionsBase.CheckpointOnBest"/>), by early stopping's rule when it is on.
/// </summary>
internal sealed class EpochCheckpoints(CheckpointRun run, int member, MemberState state, DeepMlpOptionsBase options) : TrainingCallback
{
    private const string Section = "checkpoint-best";
    private readonly EarlyStoppingOptions? _watched = options.EarlyStopping;
    private readonly ImprovementMonitor _best = new(minimize: options.EarlyStopping?.Minimizes ?? true, threshold: options.EarlyStopping?.MinDelta ?? 0, relative: false);

    public override void OnEpochEnd(TrainingContext context, EpochRecord record)
    {
        bool improved = options.CheckpointOnBest && Watched(record) is { } value && _best.Observe(value, record.Epoch);
        int every = options.CheckpointEveryNEpochs;
        bool periodic = every > 0 && (record.Epoch % every == 0 || record.Epoch >= context.NumberOfEpochs || context.StopTraining);
        if (!improved && !periodic)
            return;
        var sections = state.Capture(context);
        var best = new CheckpointState();
        _best.Save(best, "");
        sections.Add(new(Section, best.ToBytes()));
        if (periodic)
            run.Write(sections, member, context, isBest: false);
        if (improved)
            run.Write(sections, member, context, isBest: true);
    }

    /// <summary>Continues watching for the best epoch where the checkpoint left off.</summary>
    public void Restore(IReadOnlyDictionary<string, byte[]> sections)
    {
        if (sections.TryGetValue(Section, out var bytes))
            _best.Restore(CheckpointState.FromBytes(bytes), "");
    }

    private double? Watched(EpochRecord record) => _watched is null
        ? record.ValidationLoss ?? record.TrainingLoss
        : _watched.Monitor == EarlyStoppingMonitor.ValidationLoss ? record.ValidationLoss : record.ValidationMetric;
}
