using MLNetDeep.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNetDeep.Data;

/// <summary>
/// Rows copied once into native tensors; each epoch draws batches through a shuffled index or, with weighted
/// sampling, through RowCount rows drawn with replacement in proportion to their class weight.
/// </summary>
internal sealed class CachedBatchSource : IBatchSource
{
    private readonly Tensor _features;
    private readonly Tensor _labels;
    private readonly Tensor _weights;
    private readonly double[]? _cumulative;
    private readonly long _chunkBytes;
    private readonly bool _copyRowsOnCpu;

    /// <param name="scan">The cached rows.</param>
    /// <param name="featureCount">Features per row.</param>
    /// <param name="standardization">Applied to the rows once.</param>
    /// <param name="device">Where the tensors live.</param>
    /// <param name="classSamplingWeights">Per-class sampling weights for weighted sampling, or null to shuffle.</param>
    /// <param name="chunkBytes">About how many bytes of features one shuffled libtorch gather copies (whole batches, at least one).</param>
    /// <param name="copyRowsOnCpu">
    /// Whether shuffled batches of CPU rows are copied in managed code a batch at a time (<see cref="CopiedBatches"/>); when
    /// false, or off the CPU, libtorch gathers a chunk at a time.
    /// </param>
    public CachedBatchSource(
        DataScan scan, int featureCount, Standardization standardization, Device device, double[]? classSamplingWeights = null, long chunkBytes = 16L << 20,
        bool copyRowsOnCpu = true)
    {
        _chunkBytes = chunkBytes;
        _copyRowsOnCpu = copyRowsOnCpu;
        RowCount = scan.RowCount;
        if (classSamplingWeights is not null)
        {
            _cumulative = new double[RowCount];
            double total = 0;
            for (long i = 0; i < RowCount; i++)
                _cumulative[i] = total += classSamplingWeights[(int)scan.Labels![i]];
        }
        _features = FloatSpans.NewTensor(scan.Features!, [RowCount, featureCount], device);
        _labels = FloatSpans.NewTensor(scan.Labels!, [RowCount], device);
        _weights = FloatSpans.NewTensor(scan.Weights!, [RowCount], device);
        standardization.ApplyInPlace(ref _features, _labels);
    }

    public long RowCount { get; }

    public IEnumerable<Batch> GetBatches(int batchSize, int? shuffleSeed)
    {
        long[]? order = null;
        if (shuffleSeed is { } seed)
        {
            order = new long[RowCount];
            for (long i = 0; i < order.LongLength; i++)
                order[i] = i;
            var random = new Random(seed);
            if (_cumulative is null)
                random.Shuffle(order);
            else
                Sample(order, random);
        }

        if (order is null)
        {
            foreach (var batch in Slices(_features, _labels, _weights, RowCount, batchSize))
                yield return batch;
            yield break;
        }
        if (_copyRowsOnCpu && FloatSpans.CanSpan(_features) && FloatSpans.CanSpan(_labels) && FloatSpans.CanSpan(_weights))
        {
            foreach (var batch in CopiedBatches(order, batchSize))
                yield return batch;
            yield break;
        }

        // The shuffled rows are gathered a chunk of whole batches at a time (one index_select per tensor and chunk, not per
        // batch); the batches are views of the chunk. The chunk outlives the batch scopes it is created in, so it is
        // detached from them and released here when the next chunk replaces it (the views keep their storage alive).
        long chunkRows = ChunkRows(batchSize);
        for (long chunkStart = 0; chunkStart < RowCount; chunkStart += chunkRows)
        {
            long chunkLength = Math.Min(chunkRows, RowCount - chunkStart);
            Tensor features, labels, weights;
            using (var index = tensor(order.AsSpan((int)chunkStart, (int)chunkLength).ToArray(), device: _features.device))
            {
                // Detached only once all three exist: a failed gather leaves the others to the batch's scope.
                features = _features.index_select(0, index);
                labels = _labels.index_select(0, index);
                weights = _weights.index_select(0, index);
                features.DetachFromDisposeScope();
                labels.DetachFromDisposeScope();
                weights.DetachFromDisposeScope();
            }
            try
            {
                foreach (var batch in Slices(features, labels, weights, chunkLength, batchSize))
                    yield return batch;
            }
            finally
            {
                features.Dispose();
                labels.Dispose();
                weights.Dispose();
            }
        }
    }

    /// <summary>
    /// Shuffled batches on the CPU, each batch's rows copied in managed code into buffers reused from batch to batch, so
    /// the rows are still in the core's cache when the step's products read them (a chunk of many batches gathered by
    /// libtorch went out to memory and came back). Each batch is valid until the next one is asked for.
    /// </summary>
    private IEnumerable<Batch> CopiedBatches(long[] order, int batchSize)
    {
        long width = _features.shape[1];
        long capacity = Math.Min(batchSize, RowCount);
        Tensor? features = null, labels = null, weights = null;
        try
        {
            features = FloatSpans.NewBuffer([capacity, width]);
            labels = FloatSpans.NewBuffer([capacity]);
            weights = FloatSpans.NewBuffer([capacity]);
            for (long start = 0; start < RowCount; start += batchSize)
            {
                long rows = Math.Min(batchSize, RowCount - start);
                CopyRows(order.AsSpan((int)start, (int)rows), width, features, labels, weights);
                yield return new Batch(features.narrow(0, 0, rows), labels.narrow(0, 0, rows), weights.narrow(0, 0, rows));
            }
        }
        finally
        {
            features?.Dispose();
            labels?.Dispose();
            weights?.Dispose();
        }
    }

    /// <summary>Copies the rows <paramref name="rows"/> names into the first rows of the buffers, in that order.</summary>
    private void CopyRows(ReadOnlySpan<long> rows, long width, Tensor features, Tensor labels, Tensor weights)
    {
        var sourceFeatures = FloatSpans.Floats(_features);
        var sourceLabels = FloatSpans.Floats(_labels);
        var sourceWeights = FloatSpans.Floats(_weights);
        var targetFeatures = FloatSpans.Floats(features);
        var targetLabels = FloatSpans.Floats(labels);
        var targetWeights = FloatSpans.Floats(weights);
        int w = (int)width;
        for (int r = 0; r < rows.Length; r++)
        {
            int row = (int)rows[r];
            sourceFeatures.Slice(row * w, w).CopyTo(targetFeatures.Slice(r * w, w));
            targetLabels[r] = sourceLabels[row];
            targetWeights[r] = sourceWeights[row];
        }
    }

    /// <summary>The first <paramref name="length"/> rows as consecutive batches: views, no copy.</summary>
    private static IEnumerable<Batch> Slices(Tensor features, Tensor labels, Tensor weights, long length, int batchSize)
    {
        for (long start = 0; start < length; start += batchSize)
        {
            long rows = Math.Min(batchSize, length - start);
            yield return new Batch(features.narrow(0, start, rows), labels.narrow(0, start, rows), weights.narrow(0, start, rows));
        }
    }

    /// <summary>Rows per gathered chunk: whole batches, about the chunk size in features, at least one batch.</summary>
    private long ChunkRows(int batchSize)
    {
        long featureBytes = Math.Max(_features.shape[1], 1) * sizeof(float);
        long batches = Math.Max(1, _chunkBytes / (featureBytes * batchSize));
        return batches * batchSize;
    }

    /// <summary>Fills <paramref name="order"/> with row indices drawn with replacement, each with probability ∝ its weight.</summary>
    private void Sample(long[] order, Random random)
    {
        double total = _cumulative![^1];
        for (long i = 0; i < order.LongLength; i++)
        {
            int at = Array.BinarySearch(_cumulative, random.NextDouble() * total);
            // Not found: the complement is the first cumulative weight above the draw, i.e. the drawn row.
            order[i] = Math.Min(at < 0 ? ~at : at + 1, _cumulative.Length - 1);
        }
    }

    public void Dispose()
    {
        _features.Dispose();
        _labels.Dispose();
        _weights.Dispose();
    }
}
