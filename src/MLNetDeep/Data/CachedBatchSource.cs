using TorchSharp;
using static TorchSharp.torch;

namespace MLNetDeep.Data;

/// <summary>Rows copied once into native tensors; each epoch draws batches through a shuffled index.</summary>
internal sealed class CachedBatchSource : IBatchSource
{
    private readonly Tensor _features;
    private readonly Tensor _labels;
    private readonly Tensor _weights;

    public CachedBatchSource(DataScan scan, int featureCount, Standardization standardization, Device device)
    {
        RowCount = scan.RowCount;
        _features = tensor(scan.Features!, [RowCount, featureCount], device: device);
        _labels = tensor(scan.Labels!, [RowCount], device: device);
        _weights = tensor(scan.Weights!, [RowCount], device: device);
        standardization.ApplyInPlace(_features, _labels);
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
            new Random(seed).Shuffle(order);
        }

        for (long start = 0; start < RowCount; start += batchSize)
        {
            long end = Math.Min(start + batchSize, RowCount);
            if (order is null)
            {
                yield return new Batch(_features.narrow(0, start, end - start), _labels.narrow(0, start, end - start), _weights.narrow(0, start, end - start));
                continue;
            }
            using var index = tensor(order.AsSpan((int)start, (int)(end - start)).ToArray(), device: _features.device);
            yield return new Batch(_features.index_select(0, index), _labels.index_select(0, index), _weights.index_select(0, index));
        }
    }

    public void Dispose()
    {
        _features.Dispose();
        _labels.Dispose();
        _weights.Dispose();
    }
}
