namespace MLNetDeep.Embeddings;

/// <summary>
/// A trained input embedding as plain arrays: its <paramref name="Plan"/> (standardization, key columns, bins) and
/// parameters: per key column a table [keys + 1, width] (row 0 the unknown key), and for the periodic encoding the
/// frequencies [numeric inputs, k], the linear map [numeric inputs, 2k, outputs] and its bias [numeric inputs, outputs].
/// </summary>
internal sealed record EmbeddingSnapshot(EmbeddingPlan Plan, float[][] Tables, float[]? Frequencies, float[]? PeriodicWeight, float[]? PeriodicBias)
{
    /// <summary>The trained parameters' count.</summary>
    public long ParameterCount =>
        Tables.Sum(t => t.LongLength) + (Frequencies?.LongLength ?? 0) + (PeriodicWeight?.LongLength ?? 0) + (PeriodicBias?.LongLength ?? 0);
}
