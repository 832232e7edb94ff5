namespace MLNetDeep.Training.Optimization;

/// <summary>The initial rate throughout (used only with warm-up; without it the optimizer's rate is left alone).</summary>
internal sealed class ConstantLearningRate(double initialRate, ScheduleLength length) : LearningRateScheduler(initialRate, length)
{
    protected override double Rate(long stepsTaken, TrainingContext context) => InitialRate;
}
