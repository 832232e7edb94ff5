namespace MLNetDeep;

// Embedding options (categorical and numerical inputs): see the XML docs of each property.
public abstract partial class DeepMlpOptionsBase
{
    /// <summary>
    /// Key-typed columns (for example the output of <c>mlContext.Transforms.Conversion.MapValueToKey</c>) that the
    /// network embeds beside <see cref="FeatureColumnName"/>: each key gets a trained vector of
    /// <see cref="CategoricalEmbeddingDimensions"/> values. A missing key (0) or a key the training schema did not have
    /// scores with an "unknown" vector that training fits too (see <see cref="UnknownKeyRate"/>). Default null: none.
    /// Leave these columns out of the feature vector.
    /// </summary>
    public string[]? CategoricalColumnNames { get; set; }

    /// <summary>
    /// The embedding width of each entry of <see cref="CategoricalColumnNames"/>, in the same order, each at least 1.
    /// Default null: min(600, round(1.6 · n^0.56)) for a column of n keys (fastai's rule).
    /// </summary>
    public int[]? CategoricalEmbeddingDimensions { get; set; }

    /// <summary>
    /// The share of training keys replaced by the unknown key in every batch, so the unknown vector is trained for keys
    /// unseen at scoring; in [0, 0.5). Default 0.02.
    /// </summary>
    public double UnknownKeyRate { get; set; } = 0.02;

    /// <summary>How numeric inputs are embedded before the first hidden layer. Default <see cref="MLNetDeep.NumericalEmbedding.None"/>.</summary>
    public NumericalEmbedding NumericalEmbedding { get; set; } = NumericalEmbedding.None;

    /// <summary>Bins per numeric input of <see cref="MLNetDeep.NumericalEmbedding.PiecewiseLinear"/>, 2 to 256. Default 16.</summary>
    public int NumberOfEmbeddingBins { get; set; } = 16;

    /// <summary>
    /// Whether <see cref="MLNetDeep.NumericalEmbedding.PiecewiseLinear"/> places its bin edges where a one-feature regression
    /// tree on the label splits (target-aware bins) rather than at the training rows' quantiles. Default false.
    /// </summary>
    public bool TargetAwareBins { get; set; }

    /// <summary>Trained frequencies per numeric input of <see cref="MLNetDeep.NumericalEmbedding.Periodic"/>, 1 to 128. Default 16.</summary>
    public int PeriodicFrequencies { get; set; } = 16;

    /// <summary>The standard deviation the periodic frequencies start from, &gt; 0. Default 0.1 (larger values fit finer detail).</summary>
    public double PeriodicSigma { get; set; } = 0.1;

    /// <summary>Outputs per numeric input of <see cref="MLNetDeep.NumericalEmbedding.Periodic"/>, 1 to 256. Default 16.</summary>
    public int NumericalEmbeddingDimension { get; set; } = 16;
}

/// <summary>Checks the embedding options.</summary>
internal static class EmbeddingOptionsValidator
{
    public static void Validate(DeepMlpOptionsBase o, OptionErrors errors)
    {
        errors.Check(Enum.IsDefined(o.NumericalEmbedding), nameof(o.NumericalEmbedding), o.NumericalEmbedding,
            "must be one of " + string.Join(", ", Enum.GetNames<NumericalEmbedding>()));
        errors.Check(o.NumberOfEmbeddingBins is >= 2 and <= 256, nameof(o.NumberOfEmbeddingBins), o.NumberOfEmbeddingBins, "must be in [2, 256]");
        errors.Check(o.PeriodicFrequencies is >= 1 and <= 128, nameof(o.PeriodicFrequencies), o.PeriodicFrequencies, "must be in [1, 128]");
        errors.Check(double.IsFinite(o.PeriodicSigma) && o.PeriodicSigma > 0, nameof(o.PeriodicSigma), o.PeriodicSigma, "must be a finite number > 0");
        errors.Check(o.NumericalEmbeddingDimension is >= 1 and <= 256, nameof(o.NumericalEmbeddingDimension), o.NumericalEmbeddingDimension, "must be in [1, 256]");
        errors.Check(o.UnknownKeyRate is >= 0 and < 0.5, nameof(o.UnknownKeyRate), o.UnknownKeyRate, "must be in [0, 0.5)");
        if (o.CategoricalColumnNames is not { } names)
        {
            errors.Check(o.CategoricalEmbeddingDimensions is null, nameof(o.CategoricalEmbeddingDimensions), o.CategoricalEmbeddingDimensions,
                "needs CategoricalColumnNames (one width per categorical column)");
            return;
        }
        for (int i = 0; i < names.Length; i++)
        {
            errors.Check(!string.IsNullOrWhiteSpace(names[i]), $"CategoricalColumnNames[{i}]", names[i], "must name a key-typed column");
            errors.Check(names[i] != o.FeatureColumnName && names[i] != o.LabelColumnName && names[i] != o.ExampleWeightColumnName,
                $"CategoricalColumnNames[{i}]", names[i], "must not be the feature, label or example weight column");
        }
        errors.Check(names.Distinct(StringComparer.Ordinal).Count() == names.Length, nameof(o.CategoricalColumnNames), names, "must not name a column twice");
        if (o.CategoricalEmbeddingDimensions is { } dims)
        {
            errors.Check(dims.Length == names.Length, nameof(o.CategoricalEmbeddingDimensions), dims,
                $"must have one width per categorical column ({names.Length}), or be null for the default widths");
            for (int i = 0; i < dims.Length; i++)
                errors.Check(dims[i] is >= 1 and <= 1024, $"CategoricalEmbeddingDimensions[{i}]", dims[i], "must be in [1, 1024]");
        }
        if (names.Length == 0)
            return;
        errors.Check(o.MixupAlpha == 0, nameof(o.MixupAlpha), o.MixupAlpha,
            "must be 0 with CategoricalColumnNames: mixup blends input values, and a blend of two keys is no key");
        errors.Check(o.InputNoiseStandardDeviation == 0, nameof(o.InputNoiseStandardDeviation), o.InputNoiseStandardDeviation,
            "must be 0 with CategoricalColumnNames: input noise would shift the key values the embeddings look up");
    }
}
