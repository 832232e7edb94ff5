namespace MLNetDeep;

/// <summary>What DeepMlp does with missing (NaN) feature values: see <see cref="DeepMlpOptionsBase.MissingValues"/>.</summary>
public enum MissingValueHandling
{
    /// <summary>
    /// Replace each missing value by a value learned from the training rows, per feature slot: the mean of the slot's
    /// present values, or their median where the slot's skewness is above 1 in magnitude; and give the network one
    /// missing-indicator input (1 when missing, else 0) for every slot that had missing values in training.
    /// </summary>
    Impute,

    /// <summary>Stop training at the first missing value, naming the column, row and slot.</summary>
    Error,
}

// Missing-value options: see the XML docs of each property.
public abstract partial class DeepMlpOptionsBase
{
    /// <summary>
    /// Missing (NaN) feature values. <see cref="MissingValueHandling.Impute"/> (the default) trains on them as FastTree
    /// does, with no transform needed: the replacement values and the indicator inputs are part of the network, so
    /// the saved model, <c>LoadModel</c> zips and the exported ONNX graph replace NaN at scoring the same way (also in
    /// slots that had no missing values in training). <see cref="MissingValueHandling.Error"/> refuses NaN features.
    /// Infinite feature values are an error in either mode at training (they are not missing values but usually an
    /// overflow or a division by zero upstream); at scoring a row with one scores NaN.
    /// </summary>
    public MissingValueHandling MissingValues { get; set; } = MissingValueHandling.Impute;
}
