using static TorchSharp.torch;

namespace MLNetDeep.Training.Regularization;

/// <summary>Builds the objective, the batch augmentations and the regularization callbacks from the options.</summary>
internal static class RegularizationFactory
{
    /// <summary>The task loss (with class weights when given), plus the L1 penalty when it is on.</summary>
    /// <param name="options">The trainer options.</param>
    /// <param name="task">The prediction task.</param>
    /// <param name="network">The network whose weights the penalty reads.</param>
    /// <param name="classWeights">Per-class loss weights on the training device, or null.</param>
    public static ITrainingObjective CreateObjective(DeepMlpOptionsBase options, PredictionTask task, Modules.TabularNetwork network, Tensor? classWeights)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(network);
        ITrainingObjective objective = new TaskObjective(task, classWeights);
        return options.L1Regularization > 0 ? new L1Penalty(objective, network, options.L1Regularization) : objective;
    }

    /// <summary>Input noise, then mixup, each when it is on.</summary>
    /// <param name="options">The trainer options.</param>
    /// <param name="generator">A generator on the training device, seeded by the fit.</param>
    /// <param name="mixupFactorSeed">Seeds the mixup factors λ.</param>
    public static IReadOnlyList<IBatchAugmentation> CreateAugmentations(DeepMlpOptionsBase options, Generator generator, int mixupFactorSeed)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(generator);
        var augmentations = new List<IBatchAugmentation>();
        if (options.InputNoiseStandardDeviation > 0)
            augmentations.Add(new InputNoise(options.InputNoiseStandardDeviation, generator));
        if (options.MixupAlpha > 0)
            augmentations.Add(new Mixup(options.MixupAlpha, generator, new Checkpoints.ReplayableRandom(mixupFactorSeed)));
        return augmentations;
    }

    /// <summary>Early stopping when it is on.</summary>
    public static IReadOnlyList<TrainingCallback> CreateCallbacks(DeepMlpOptionsBase options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.EarlyStopping is { } e ? [new EarlyStopping(e)] : [];
    }
}
