using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNetDeep.Training.Optimization;

/// <summary>Builds the optimizer, the learning-rate and clipping callbacks and the training step from the options.</summary>
internal static class OptimizationFactory
{
    public static optim.Optimizer CreateOptimizer(DeepMlpOptionsBase options, IEnumerable<Parameter> parameters) =>
        optim.Adam(parameters, options.LearningRate, weight_decay: options.L2Regularization);

    /// <summary>Callbacks that run before the user's: schedules first, then gradient clipping.</summary>
    public static IReadOnlyList<TrainingCallback> CreateCallbacks(DeepMlpOptionsBase options)
    {
        var callbacks = new List<TrainingCallback>();
        if (options.LearningRateSchedule == LearningRateSchedule.Cosine)
            callbacks.Add(new CosineLearningRateDecay(options.LearningRate, options.BatchSize));
        if (options.GradientClippingNorm is { } maxNorm)
            callbacks.Add(new GradientNormClipping(maxNorm));
        return callbacks;
    }

    public static ITrainingStep CreateStep(
        DeepMlpOptionsBase options, nn.Module<Tensor, Tensor> network, optim.Optimizer optimizer, ITrainingObjective objective, IReadOnlyList<TrainingCallback> callbacks)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new StandardTrainingStep(network, optimizer, objective, callbacks);
    }
}
