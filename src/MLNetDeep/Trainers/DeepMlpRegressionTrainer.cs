using Microsoft.ML;
using MLNetDeep.Training;

namespace MLNetDeep;

/// <summary>
/// Trains a multilayer perceptron with TorchSharp for regression (Single label). Create it with
/// <c>mlContext.Regression.Trainers.DeepMlp(...)</c>.
/// </summary>
public sealed class DeepMlpRegressionTrainer : DeepMlpTrainer<RegressionTask, DeepMlpRegressionTrainer.Options>
{
    /// <summary>Creates the trainer from a validated copy of <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">One or more options are invalid; the message lists each.</exception>
    public DeepMlpRegressionTrainer(Options options)
        : base(new RegressionTask(), options)
    {
    }

    /// <summary>
    /// Creates the trainer for <paramref name="mlContext"/>, as the catalog method does: the seed comes from the
    /// context unless the options set one, training logs to <c>mlContext.Log</c>, and cancelling the context stops it.
    /// </summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="options">The options; validated and copied here.</param>
    /// <exception cref="ArgumentException">One or more options are invalid; the message lists each.</exception>
    public DeepMlpRegressionTrainer(MLContext mlContext, Options options)
        : base(new RegressionTask(), options, TrainerEnvironment.From(mlContext, "DeepMlp"))
    {
    }

    internal DeepMlpRegressionTrainer(Options options, TrainerEnvironment environment)
        : base(new RegressionTask(), options, environment)
    {
    }

    /// <summary>Options for <see cref="DeepMlpRegressionTrainer"/>.</summary>
    public sealed class Options : DeepMlpOptionsBase
    {
    }
}
