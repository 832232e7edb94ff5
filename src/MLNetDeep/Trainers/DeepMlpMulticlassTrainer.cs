using MLNetDeep.Data;

namespace MLNetDeep;

/// <summary>
/// Trains a multilayer perceptron with TorchSharp for multiclass classification (key-typed label). Create it with
/// <c>mlContext.MulticlassClassification.Trainers.DeepMlp(...)</c>.
/// </summary>
public sealed class DeepMlpMulticlassTrainer : DeepMlpTrainerBase<DeepMlpMulticlassTrainer.Options>
{
    /// <summary>Creates the trainer; every option is validated here.</summary>
    /// <exception cref="ArgumentException">One or more options are invalid; the message lists each.</exception>
    public DeepMlpMulticlassTrainer(Options options)
        : base(options, PredictionKind.Multiclass)
    {
    }

    /// <summary>Options for <see cref="DeepMlpMulticlassTrainer"/>.</summary>
    public sealed class Options : DeepMlpOptionsBase
    {
    }
}
