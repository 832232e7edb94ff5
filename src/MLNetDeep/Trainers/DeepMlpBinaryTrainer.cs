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
