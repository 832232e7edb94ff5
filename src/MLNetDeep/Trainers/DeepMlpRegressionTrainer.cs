using MLNetDeep.Data;

namespace MLNetDeep;

/// <summary>
/// Trains a multilayer perceptron with TorchSharp for regression (Single label). Create it with
/// <c>mlContext.Regression.Trainers.DeepMlp(...)</c>.
/// </summary>
public sealed class DeepMlpRegressionTrainer : DeepMlpTrainerBase<DeepMlpRegressionTrainer.Options>
{
    /// <summary>Creates the trainer; every option is validated here.</summary>
    /// <exception cref="ArgumentException">One or more options are invalid; the message lists each.</exception>
    public DeepMlpRegressionTrainer(Options options)
        : base(options, PredictionKind.Regression)
    {
    }

    /// <summary>Options for <see cref="DeepMlpRegressionTrainer"/>.</summary>
    public sealed class Options : DeepMlpOptionsBase
    {
    }
}
