using MLNetDeep.Data;

namespace MLNetDeep;

/// <summary>
/// Trains a multilayer perceptron with TorchSharp for binary classification (Boolean label). Create it with
/// <c>mlContext.BinaryClassification.Trainers.DeepMlp(...)</c>.
/// </summary>
public sealed class DeepMlpBinaryTrainer : DeepMlpTrainerBase<DeepMlpBinaryTrainer.Options>
{
    /// <summary>Creates the trainer; every option is validated here.</summary>
    /// <exception cref="ArgumentException">One or more options are invalid; the message lists each.</exception>
    public DeepMlpBinaryTrainer(Options options)
        : base(options, PredictionKind.Binary)
    {
    }

    /// <summary>Options for <see cref="DeepMlpBinaryTrainer"/>.</summary>
    public sealed class Options : DeepMlpOptionsBase
    {
    }
}
