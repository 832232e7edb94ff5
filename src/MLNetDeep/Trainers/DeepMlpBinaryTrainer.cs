using Microsoft.ML;
using MLNetDeep.Training;

namespace MLNetDeep;

/// <summary>
/// Trains a multilayer perceptron with TorchSharp for binary classification (Boolean label). Create it with
/// <c>mlContext.BinaryClassification.Trainers.DeepMlp(...)</c>.
/// </summary>
public sealed class DeepMlpBinaryTrainer : DeepMlpTrainer<BinaryClassificationTask, DeepMlpBinaryTrainer.Options>
{
    /// <summary>Creates the trainer from a validated copy of <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">One or more options are invalid; the message lists each.</exception>
    public DeepMlpBinaryTrainer(Options options)
        : base(new BinaryClassificationTask(), options)
    {
    }

    /// <summary>
    /// Creates the trainer for <paramref name="mlContext"/>, as the catalog method does: the seed comes from the
    /// context unless the options set one, training logs to <c>mlContext.Log</c>, and cancelling the context stops it.
    /// </summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="options">The options; validated and copied here.</param>
    /// <exception cref="ArgumentException">One or more options are invalid; the message lists each.</exception>
    public DeepMlpBinaryTrainer(MLContext mlContext, Options options)
        : base(new BinaryClassificationTask(), options, TrainerEnvironment.From(mlContext, "DeepMlp"))
    {
    }

    internal DeepMlpBinaryTrainer(Options options, TrainerEnvironment environment)
        : base(new BinaryClassificationTask(), options, environment)
    {
    }

    /// <summary>Options for <see cref="DeepMlpBinaryTrainer"/>.</summary>
    public sealed class Options : DeepMlpClassificationOptionsBase
    {
        internal override void ValidateTaskOptions(OptionErrors errors)
        {
            base.ValidateTaskOptions(errors);
            errors.Check(ClassWeights is null || ClassWeights.Length == 2, nameof(ClassWeights), ClassWeights,
                "must hold two weights for binary classification, [false, true]");
        }
    }
}
