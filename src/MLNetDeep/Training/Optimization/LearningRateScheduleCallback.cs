namespace MLNetDeep.Training.Optimization;

/// <summary>
/// Base of the learning-rate schedules: sets the rate the next optimizer step uses before training, at each
/// epoch's start and after each batch, as the schedule's rate times a linear warm-up factor
/// min(1, (t + 1) / W) for the (t + 1)-th step, t = <see cref="TrainingContext.Step"/>.
/// </summary>
internal abstract class LearningRateScheduleCallback(double initialRate, ScheduleLength length) : TrainingCallback
{
    /// <summary>The rate the schedule starts from (<see cref="DeepMlpOptionsBase.LearningRate"/>).</summary>
    protected double InitialRate { get; } = initialRate;

    /// <summary>Optimizer steps planned over all epochs (at least 1).</summary>
    protected long TotalSteps { get; private set; }

    /// <summary>Warm-up steps (0 for none).</summary>
    protected long WarmupSteps { get; private set; }

    public override void OnTrainBegin(TrainingContext context)
    {
        TotalSteps = length.TotalSteps(context);
        WarmupSteps = length.WarmupSteps(TotalSteps);
        Apply(context);
    }

    public override void OnEpochBegin(TrainingContext context) => Apply(context);

    public override void OnBatchEnd(TrainingContext context, double batchLoss) => Apply(context);

    /// <summary>
    /// Called by the training step right after each optimizer step, so the next step's rate is set also when a
    /// step happens outside a batch (the epoch-end flush of gradient accumulation).
    /// </summary>
    internal void OnOptimizerStep(TrainingContext context) => Apply(context);

    /// <summary>The schedule's rate for the step after <paramref name="stepsTaken"/> steps, before warm-up.</summary>
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

    /// <summary>⌈⌈rows / batch⌉ / k⌉ steps per epoch, times the epochs.</summary>
    public long TotalSteps(TrainingContext context)
    {
        long batches = (context.TrainingRowCount + BatchSize - 1) / BatchSize;
        long perEpoch = (batches + AccumulationSteps - 1) / AccumulationSteps;
        return Math.Max(1, perEpoch * context.NumberOfEpochs);
    }

    public long WarmupSteps(long totalSteps) =>
        WarmupStepCount > 0 ? WarmupStepCount : (long)Math.Round(WarmupFraction * totalSteps, MidpointRounding.AwayFromZero);
}
