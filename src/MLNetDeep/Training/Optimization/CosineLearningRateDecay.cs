namespace MLNetDeep.Training.Optimization;

/// <summary>
/// Cosine annealing per step from the initial learning rate to zero over all epochs:
/// lr(t) = lr₀ · ½ · (1 + cos(π · t / T)), with t the steps taken and T the planned total.
/// </summary>
internal sealed class CosineLearningRateDecay(double initialRate, int batchSize) : TrainingCallback
{
    private long _totalSteps;

    public override void OnTrainBegin(TrainingContext context)
    {
        long perEpoch = (context.TrainingRowCount + batchSize - 1) / batchSize;
        _totalSteps = Math.Max(1, perEpoch * context.NumberOfEpochs);
        SetRate(context, initialRate);
    }

    public override void OnBatchEnd(TrainingContext context, double batchLoss)
    {
        double progress = Math.Min(1.0, (double)context.Step / _totalSteps);
        SetRate(context, initialRate * 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }

    private static void SetRate(TrainingContext context, double rate)
    {
        foreach (var group in context.Optimizer.ParamGroups)
            group.LearningRate = rate;
    }
}
