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

    /// <summary>Options for <see cref="DeepMlpMulticlassTrainer"/>.</summary>
    public sealed class Options : DeepMlpClassificationOptionsBase
    {
    }
}
