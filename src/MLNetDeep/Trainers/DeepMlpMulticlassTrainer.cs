using Microsoft.ML;
using MLNetDeep.Training;

namespace MLNetDeep;

/// <summary>
/// Trains a multilayer perceptron with TorchSharp for multiclass classification (key-typed label). Create it with
/// <c>mlContext.MulticlassClassification.Trainers.DeepMlp(...)</c>.
/// </summary>
public sealed class DeepMlpMulticlassTrainer : DeepMlpTrainer<MulticlassClassificationTask, DeepMlpMulticlassTrainer.Options>
{
    /// <summary>Creates the trainer from a validated copy of <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">One or more options are invalid; the message lists each.</exception>
    public DeepMlpMulticlassTrainer(Options options)
        : base(new MulticlassClassificationTask(), options)
    {
    }

    /// <summary>
    /// Creates the trainer for <paramref name="mlContext"/>, as the catalog method does: the seed comes from the
    /// context unless the options set one, training logs to <c>mlContext.Log</c>, and cancelling the context stops it.
    /// </summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="options">The options; validated and copied here.</param>
    /// <exception cref="ArgumentException">One or more options are invalid; the message lists each.</exception>
    public DeepMlpMulticlassTrainer(MLContext mlContext, Options options)
        : base(new MulticlassClassificationTask(), options, TrainerEnvironment.From(mlContext, "DeepMlp"))
    {
    }

    internal DeepMlpMulticlassTrainer(Options options, TrainerEnvironment environment)
        : base(new MulticlassClassificationTask(), options, environment)
    {
    }

    /// <summary>Options for <see cref="DeepMlpMulticlassTrainer"/>.</summary>
    public sealed class Options : DeepMlpClassificationOptionsBase
    {
    }
}
