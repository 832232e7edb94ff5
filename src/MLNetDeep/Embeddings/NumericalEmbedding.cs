namespace MLNetDeep;

/// <summary>
/// How the network embeds each numeric input before its first hidden layer (Gorishniy et al. 2022, "On Embeddings for
/// Numerical Features in Tabular Deep Learning").
/// </summary>
public enum NumericalEmbedding
{
    /// <summary>The standardized values go to the first hidden layer as they are (the default).</summary>
    None,

    /// <summary>
    /// Piecewise-linear encoding: each value becomes <see cref="DeepMlpOptionsBase.NumberOfEmbeddingBins"/> numbers, the
    /// share of each bin the value has passed, clamp((x − left) / width, 0, 1), with bin edges from the training rows'
    /// quantiles (or, with <see cref="DeepMlpOptionsBase.TargetAwareBins"/>, from a one-feature decision tree on the label).
    /// </summary>
    PiecewiseLinear,

    /// <summary>
    /// Periodic encoding with a trained linear map (PLR): each value x becomes ReLU(W·[sin(2πcx), cos(2πcx)] + b), with
    /// <see cref="DeepMlpOptionsBase.PeriodicFrequencies"/> trained frequencies c per feature (starting from
    /// N(0, <see cref="DeepMlpOptionsBase.PeriodicSigma"/>²)) and <see cref="DeepMlpOptionsBase.NumericalEmbeddingDimension"/> outputs.
    /// </summary>
    Periodic,
}
