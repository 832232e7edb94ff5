using static TorchSharp.torch;

namespace MLNetDeep.Data;

/// <summary>
/// One batch on the training device: features [rows, F], labels [rows] (0/1, class index or standardized
/// value) and example weights [rows]. The tensors belong to the caller's dispose scope. A mixup batch also
/// carries the second rows' labels and the mixing factor λ: its target is λ·<see cref="Labels"/> +
/// (1 − λ)·<see cref="MixLabels"/>.
/// </summary>
internal readonly record struct Batch(Tensor Features, Tensor Labels, Tensor Weights)
{
    public long Rows => Labels.shape[0];

    /// <summary>The labels of the rows mixed in, or null for an unmixed batch.</summary>
    public Tensor? MixLabels { get; init; }

    /// <summary>λ, the share of <see cref="Labels"/> in the target of a mixup batch, in [0, 1].</summary>
    public double MixLambda { get; init; }
}

/// <summary>Where batches come from: rows cached in native memory, or streamed from the data view.</summary>
internal interface IBatchSource : IDisposable
{
    long RowCount { get; }

    /// <summary>
    /// The epoch's batches, shuffled with <paramref name="shuffleSeed"/>, or in data order when null. A batch's tensors may
    /// be views of buffers the source reuses: read a batch before asking for the next one.
    /// </summary>
    IEnumerable<Batch> GetBatches(int batchSize, int? shuffleSeed);
}

/// <summary>Reading a batch source for evaluation.</summary>
internal static class BatchSourceExtensions
{
    /// <summary>
    /// Calls <paramref name="action"/> with each batch in data order, inside a dispose scope of its own that opens before
    /// the batch is read, so the batch's tensors and everything the action makes are freed after it.
    /// </summary>
    public static void ForEachInScope(this IBatchSource source, int batchSize, Action<Batch> action)
    {
        using var batches = source.GetBatches(batchSize, shuffleSeed: null).GetEnumerator();
        while (true)
        {
            using var scope = NewDisposeScope();
            if (!batches.MoveNext())
                break;
            action(batches.Current);
        }
    }
}
