namespace MLNetDeep.Training.Optimization;

/// <summary>lr(epoch e) = lr₀ · γ^⌊(e − 1) / stepSize⌋: the rate drops by γ every <c>stepSize</c> epochs.</summary>
internal sealed class StepLearningRateDecay(double initialRate, int stepSize, double gamma, ScheduleLength length)
    : LearningRateScheduler(initialRate, length)
{
    protected override double Rate(long stepsTaken, TrainingContext context) =>
        InitialRate * Math.Pow(gamma, (Math.Max(1, context.Epoch) - 1) / stepSize);
}
