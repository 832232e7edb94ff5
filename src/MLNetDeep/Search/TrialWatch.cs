using MLNetDeep.Search;

namespace MLNetDeep;

/// <summary>
/// The search's callback in one trial's fit: records the per-epoch validation loss and metric, reports progress, stops
/// the trial when the pruner says so or when the time budget ends (at the end of a batch).
/// </summary>
/// <remarks>
/// The curve is the validation loss, or with <see cref="EarlyStoppingMonitor.ValidationMetric"/> the negated validation
/// metric (accuracy, micro-accuracy or R², all higher-is-better), so that lower is better for the pruner either way.
/// An ensemble's later members restart at epoch 1: only the first member's curve is followed.
/// </remarks>
internal sealed class TrialWatch(int number, ITrialPruner? pruner, EarlyStoppingMonitor monitor, IReadOnlyDictionary<int, IReadOnlyList<double>> others,
    DateTime? deadline, Action<int, EpochRecord, int> reportEpoch) : TrainingCallback
{
    private readonly List<double> _losses = [];
    private readonly List<double> _metrics = [];
    private readonly List<double> _curve = [];

    /// <summary>The epoch limit of the trial's fit (0 before it starts).</summary>
    public int EpochLimit { get; private set; }

    /// <summary>What the pruner compares, per epoch (lower is better).</summary>
    public IReadOnlyList<double> Curve => _curve;

    /// <summary>The per-epoch validation losses so far.</summary>
    public IReadOnlyList<double> Losses => _losses;

    /// <summary>The per-epoch validation metrics so far.</summary>
    public IReadOnlyList<double> Metrics => _metrics;

    /// <summary>The epoch after which pruning stopped the trial, or null.</summary>
    public int? PrunedAtEpoch { get; private set; }

    /// <summary>Whether the time budget stopped the trial.</summary>
    public bool StoppedByTimeBudget { get; private set; }

    /// <summary>The epoch whose weights the trial's model kept (read at the end of training, after early stopping chose it).</summary>
    public int SelectedEpoch { get; private set; }

    /// <summary>Whether the fit ran at least one epoch with this callback (false: the pipeline did not use the trial's options).</summary>
    public bool SawEpochs => _losses.Count > 0;

    /// <inheritdoc/>
    public override void OnBatchEnd(TrainingContext context, double batchLoss)
    {
        if (deadline is { } end && DateTime.UtcNow >= end)
        {
            StoppedByTimeBudget = true;
            context.StopTraining = true;
        }
    }

    /// <inheritdoc/>
    public override void OnTrainBegin(TrainingContext context)
    {
        if (EpochLimit == 0)
            EpochLimit = context.NumberOfEpochs;
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(TrainingContext context)
    {
        if (SelectedEpoch == 0)
            SelectedEpoch = context.History.SelectedEpoch;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(TrainingContext context, EpochRecord record)
    {
        if (record.ValidationLoss is not { } loss)
        {
            throw new InvalidOperationException($"Trial {number} trained without validation data, so the search cannot compare or prune it. "
                + "Build the trial's pipeline so the workflow can pass its validation rows to DeepMlp: a DeepMlp trainer or a DeepMlpEstimatorChain ending in one.");
        }
        if (record.Epoch != _losses.Count + 1)
            return;
        _losses.Add(loss);
        _metrics.Add(record.ValidationMetric ?? double.NaN);
        _curve.Add(monitor == EarlyStoppingMonitor.ValidationMetric ? -(record.ValidationMetric ?? double.NaN) : loss);
        reportEpoch(number, record, context.NumberOfEpochs);
        if (StoppedByTimeBudget || pruner is null || context.StopTraining)
            return;
        if (pruner.ShouldPrune(number, record.Epoch, _curve, others))
        {
            PrunedAtEpoch = record.Epoch;
            context.StopTraining = true;
        }
    }
}
