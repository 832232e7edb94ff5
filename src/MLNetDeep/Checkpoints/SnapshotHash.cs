using System.Runtime.InteropServices;
using System.Security.Cryptography;
using MLNetDeep.Snapshots;

namespace MLNetDeep.Checkpoints;

/// <summary>A short hash of a trained ensemble's weights: how a checkpoint names the initial model of a warm start.</summary>
internal static class SnapshotHash
{
    public static string Of(EnsembleSnapshot ensemble)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (float[] values in ensemble.Members.SelectMany(m => Embedding(m.Embedding).Concat(Arrays(m.Layers))))
            hash.AppendData(MemoryMarshal.AsBytes(values.AsSpan()));
        return Convert.ToHexString(hash.GetHashAndReset(), 0, 8).ToLowerInvariant();
    }

    /// <summary>An input embedding's parameters, bins and standardization (none without one).</summary>
    private static IEnumerable<float[]> Embedding(Embeddings.EmbeddingSnapshot? embedding) => embedding is null
        ? []
        : [.. embedding.Tables, embedding.Frequencies ?? [], embedding.PeriodicWeight ?? [], embedding.PeriodicBias ?? [],
            embedding.Plan.Mean, embedding.Plan.Scale, embedding.Plan.BinLeft, embedding.Plan.BinWidth];

    private static IEnumerable<float[]> Arrays(IEnumerable<SnapshotLayer> layers) => layers.SelectMany(layer => layer switch
    {
        DenseLayer d => [d.Weight, d.Bias],
        EnsembleDenseLayer e => [e.Weight, e.InputScale ?? [], e.OutputScale ?? [], e.Bias],
        MemberDenseLayer m => [m.Weight, m.Bias],
        BatchNormLayer b => [b.Mean, b.Variance, b.Scale, b.Shift],
        LayerNormLayer l => [l.Scale, l.Shift],
        ResidualLayer r => Arrays(r.Body),
        ActivationLayer => (IEnumerable<float[]>)[],
        _ => throw new NotSupportedException($"The checkpoint hash does not know the layer {layer.GetType().Name}."),
    });
}
