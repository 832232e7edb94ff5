namespace MLNetDeep.Training.Optimization;

/// <summary>
/// Cosine annealing per step from the initial learning rate to zero after warm-up:
/// lr(t) = lr₀ · ½ · (1 + cos(π · p)), p = clamp((t − W) / (T − W), 0, 1), with t the steps taken, W the warm-up
/// steps and T the planned total.
/// </summary>
internal sealed class CosineLearningRateDecay(double initialRate, ScheduleLength length) : LearningRateScheduler(initialRate, length)
{
    protected override double Rate(long stepsTaken, TrainingContext context)
    {
        long span = Math.Max(1, TotalSteps - WarmupSteps);
        double progress = Math.Clamp((double)(stepsTaken - WarmupSteps) / span, 0, 1);
        return InitialRate * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
