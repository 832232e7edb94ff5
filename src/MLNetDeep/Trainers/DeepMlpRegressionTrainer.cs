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

    /// <summary>Options for <see cref="DeepMlpRegressionTrainer"/>.</summary>
    public sealed class Options : DeepMlpOptionsBase
    {
    }
}
