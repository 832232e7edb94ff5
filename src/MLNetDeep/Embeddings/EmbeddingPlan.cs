namespace MLNetDeep.Embeddings;

/// <summary>
/// What the input embedding of a network is, learned from the training rows before training: the network's input width
/// (features, key values, missing-value indicators), where the key values sit, each key column's size and embedding
/// width, the numeric inputs' standardization (identity at the key slots) and their encoding with its bins.
/// Numeric inputs are every slot outside [<paramref name="CategoricalStart"/>, CategoricalStart + key columns), in order.
/// </summary>
/// <param name="InputSize">The network's input width.</param>
/// <param name="CategoricalStart">The first key slot (the feature vector's width).</param>
/// <param name="Cardinalities">Keys per categorical column; its table has one row more, row 0 for the unknown key.</param>
/// <param name="Dimensions">The embedding width per categorical column.</param>
/// <param name="UnknownKeyRate">The share of training keys replaced by the unknown key.</param>
/// <param name="Mean">The standardization's mean per input slot (0 at key slots).</param>
/// <param name="Scale">The standardization's scale per input slot (1 at key slots).</param>
/// <param name="Numerical">The numeric inputs' encoding.</param>
/// <param name="Bins">Bins per numeric input (piecewise-linear).</param>
/// <param name="BinLeft">Each bin's left edge in standardized units [numeric inputs, Bins]; unused bins start at <see cref="UnusedBinLeft"/>.</param>
/// <param name="BinWidth">Each bin's width [numeric inputs, Bins].</param>
/// <param name="Frequencies">Periodic frequencies per numeric input.</param>
/// <param name="Sigma">The periodic frequencies' starting standard deviation.</param>
/// <param name="Dimension">Outputs per numeric input (periodic).</param>
internal sealed record EmbeddingPlan(
    int InputSize, int CategoricalStart, int[] Cardinalities, int[] Dimensions, double UnknownKeyRate, float[] Mean, float[] Scale,
    NumericalEmbedding Numerical, int Bins, float[] BinLeft, float[] BinWidth, int Frequencies, double Sigma, int Dimension)
{
    /// <summary>The left edge of a bin a numeric input does not use: no value reaches it, so its share is always 0.</summary>
    public const float UnusedBinLeft = 3e38f;

    public int CategoricalCount => Cardinalities.Length;

    public int NumericCount => InputSize - CategoricalCount;

    /// <summary>The width of the encoded numeric inputs.</summary>
    public int NumericWidth => Numerical switch
    {
        NumericalEmbedding.PiecewiseLinear => NumericCount * Bins,
        NumericalEmbedding.Periodic => NumericCount * Dimension,
        _ => NumericCount,
    };

    /// <summary>The width the first hidden layer reads: the encoded numeric inputs, then each key column's embedding.</summary>
    public int OutputWidth => NumericWidth + Dimensions.Sum();

    /// <summary>The input slots of the numeric inputs, in order.</summary>
    public IEnumerable<int> NumericSlots => Enumerable.Range(0, InputSize).Where(s => s < CategoricalStart || s >= CategoricalStart + CategoricalCount);

    /// <summary>fastai's embedding width for a column of <paramref name="keys"/> keys: min(600, round(1.6 · n^0.56)).</summary>
    public static int DefaultDimension(int keys) => Math.Min(600, (int)Math.Round(1.6 * Math.Pow(keys, 0.56)));

    /// <summary>Whether the options ask for an input embedding.</summary>
    public static bool Needed(DeepMlpOptionsBase options) =>
        options.CategoricalColumnNames is { Length: > 0 } || options.NumericalEmbedding != NumericalEmbedding.None;
}
