using static TorchSharp.torch;

namespace MLNetDeep.Training.Regularization;

/// <summary>Builds the objective, the batch augmentations and the regularization callbacks from the options.</summary>
internal static class RegularizationFactory
{
    public static ITrainingObjective CreateObjective(DeepMlpOptionsBase options, PredictionTask task, nn.Module network)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(network);
        return new TaskObjective(task);
    }

    public static IReadOnlyList<IBatchAugmentation> CreateAugmentations(DeepMlpOptionsBase options, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(generator);
        return [];
    }

    public static IReadOnlyList<TrainingCallback> CreateCallbacks(DeepMlpOptionsBase options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return [];
    }
}
