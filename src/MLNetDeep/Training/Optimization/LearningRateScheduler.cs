namespace MLNetDeep.Training.Optimization;

/// <summary>
/// Base of the learning-rate schedules. The scheduler is an explicit part of training, not a callback: the training
/// loop calls <see cref="Begin"/>, <see cref="BeginEpoch"/> and <see cref="EndEpoch"/>, and the training step calls
/// <see cref="AfterStep"/> after each optimizer step. Each call sets the rate the next step uses: the schedule's
/// rate for the steps taken so far (and the epoch), times a linear warm-up factor min(1, (t + 1) / W) for the
/// (t + 1)-th step. Schedules that watch the epochs' results override <see cref="EndEpoch"/>.
/// </summary>
internal abstract class LearningRateScheduler(double initialRate, ScheduleLength length) : Checkpoints.ICheckpointPart
{
    /// <summary>The rate the schedule starts from (<see cref="DeepMlpOptionsBase.LearningRate"/>).</summary>
    protected double InitialRate { get; } = initialRate;

    /// <summary>Optimizer steps planned over all epochs (at least 1).</summary>
    protected long TotalSteps { get; private set; }

    /// <summary>Warm-up steps (0 for none).</summary>
    protected long WarmupSteps { get; private set; }

    public virtual void Begin(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        TotalSteps = Math.Max(1, length.StepsPerEpoch(context.TrainingRowCount) * context.NumberOfEpochs);
        WarmupSteps = length.WarmupSteps(TotalSteps);
        Apply(context);
    }

    /// <summary>Epoch-based schedules change the rate at an epoch's start.</summary>
    public void BeginEpoch(TrainingContext context) => Apply(context);

    public void AfterStep(TrainingContext context) => Apply(context);

    /// <summary>After each epoch's record is in the history, before the callbacks see it.</summary>
    public virtual void EndEpoch(TrainingContext context, EpochRecord record)
    {
    }

    /// <summary>Stores what the schedule learned from the epochs so far (nothing for schedules of the step count alone).</summary>
    public virtual void Save(CheckpointState state)
    {
    }

    /// <summary>Reads back what <see cref="Save"/> stored; the next <see cref="BeginEpoch"/> applies the rate.</summary>
    public virtual void Restore(CheckpointState state)
    {
    }

    /// <summary>The schedule's rate for the step after <paramref name="stepsTaken"/> steps in <c>context.Epoch</c>, before warm-up.</summary>
    protected abstract double Rate(long stepsTaken, TrainingContext context);

    protected void Apply(TrainingContext context)
    {
        long t = context.Step;
        double rate = Rate(t, context);
        if (t < WarmupSteps)
            rate *= (t + 1) / (double)WarmupSteps;
        foreach (var group in context.Optimizer.ParamGroups)
            group.LearningRate = rate;
    }
}

/// <summary>How many optimizer steps training plans, and how many of them warm up.</summary>
internal sealed record ScheduleLength(int BatchSize, int AccumulationSteps, int WarmupStepCount, double WarmupFraction)
{
    public static ScheduleLength From(DeepMlpOptionsBase options) =>
        new(options.BatchSize, options.GradientAccumulationSteps, options.WarmupSteps, options.WarmupFraction);

    /// <summary>⌈⌈rows / batch⌉ / k⌉ steps per epoch (every epoch reads all rows; an epoch's last, incomplete group also steps).</summary>
    public long StepsPerEpoch(long trainingRows)
    {
        long batches = (trainingRows + BatchSize - 1) / BatchSize;
        return Math.Max(1, (batches + AccumulationSteps - 1) / AccumulationSteps);
    }

    public long WarmupSteps(long totalSteps) =>
        WarmupStepCount > 0 ? WarmupStepCount : (long)Math.Round(WarmupFraction * totalSteps, MidpointRounding.AwayFromZero);
}
