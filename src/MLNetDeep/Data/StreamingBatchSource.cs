using System.Collections.Concurrent;
using MLNetDeep.Native;
using static TorchSharp.torch;

namespace MLNetDeep.Data;

/// <summary>
/// Reads the rows again every epoch on a background thread (from the spill file of the first pass, or else from
/// the data view), shuffles through a fixed-size pool, and hands batches ahead to the training thread, so that
/// data larger than memory trains at reading speed.
/// With <paramref name="heldOut"/>, reads only the rows whose bit equals <paramref name="readHeldOut"/> (a carved
/// validation split); <paramref name="rowCount"/> is then the number of rows read.
/// </summary>
internal sealed class StreamingBatchSource(
    Func<IRowCursor> openRows, TrainingColumns columns, long rowCount,
    Standardization standardization, int poolSize, int prefetch, Device device,
    System.Collections.BitArray? heldOut = null, bool readHeldOut = false) : IBatchSource
{
    private readonly int _featureCount = columns.FeatureCount;

    public long RowCount { get; } = rowCount;

    public IEnumerable<Batch> GetBatches(int batchSize, int? shuffleSeed)
    {
        using var queue = new BlockingCollection<RowBlock>(prefetch);
        using var stop = new CancellationTokenSource();
        var producer = Task.Factory.StartNew(
            () => Produce(queue, batchSize, shuffleSeed, stop.Token), stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            foreach (var block in queue.GetConsumingEnumerable())
            {
                var features = FloatSpans.NewTensor(block.Features, [block.Rows, _featureCount], device);
                var labels = FloatSpans.NewTensor(block.Labels, [block.Rows], device);
                standardization.ApplyInPlace(ref features, labels);
                yield return new Batch(features, labels, FloatSpans.NewTensor(block.Weights, [block.Rows], device));
            }
        }
        finally
        {
            stop.Cancel();
            while (queue.TryTake(out _)) { }
            try
            {
                producer.Wait();
            }
            catch (AggregateException)
            {
                // Observed below when the epoch ran to its end; a consumer that stopped early does not care.
            }
        }
        if (producer.Exception is { InnerException: { } error and not OperationCanceledException })
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
    }

    public void Dispose() { }

    private void Produce(BlockingCollection<RowBlock> queue, int batchSize, int? shuffleSeed, CancellationToken token)
    {
        try
        {
            var random = shuffleSeed is { } s ? new Random(s) : null;
            int pool = random is null ? 0 : poolSize;
            var poolFeatures = new float[(long)pool * _featureCount];
            var poolLabels = new float[pool];
            var poolWeights = new float[pool];
            int filled = 0;
            var row = new float[_featureCount];
            var block = new RowBlock(batchSize, _featureCount);

            void Emit(ReadOnlySpan<float> features, float label, float weight)
            {
                block.Add(features, label, weight);
                if (block.Rows == batchSize)
                {
                    queue.Add(block, token);
                    block = new RowBlock(batchSize, _featureCount);
                }
            }

            using (var reader = openRows())
            {
                while (reader.MoveNext())
                {
                    token.ThrowIfCancellationRequested();
                    if (heldOut is not null && heldOut[(int)reader.Row] != readHeldOut)
                        continue;
                    reader.Read(row, out float label, out float weight);
                    if (random is null)
                    {
                        Emit(row, label, weight);
                    }
                    else if (filled < pool)
                    {
                        row.CopyTo(poolFeatures.AsSpan(filled * _featureCount));
                        poolLabels[filled] = label;
                        poolWeights[filled] = weight;
                        filled++;
                    }
                    else
                    {
                        int j = random.Next(pool);
                        var slot = poolFeatures.AsSpan(j * _featureCount, _featureCount);
                        Emit(slot, poolLabels[j], poolWeights[j]);
                        row.CopyTo(slot);
                        poolLabels[j] = label;
                        poolWeights[j] = weight;
                    }
                }
            }

            if (random is not null)
            {
                var rest = Enumerable.Range(0, filled).ToArray();
                random.Shuffle(rest);
                foreach (int j in rest)
                    Emit(poolFeatures.AsSpan(j * _featureCount, _featureCount), poolLabels[j], poolWeights[j]);
            }
            if (block.Rows > 0)
            {
                block.Trim();
                queue.Add(block, token);
            }
        }
        finally
        {
            queue.CompleteAdding();
        }
    }

    /// <summary>A batch of rows in managed memory, filled by the reader thread.</summary>
    private sealed class RowBlock(int capacity, int featureCount)
    {
        public float[] Features { get; private set; } = new float[capacity * featureCount];
        public float[] Labels { get; private set; } = new float[capacity];
        public float[] Weights { get; private set; } = new float[capacity];
        public int Rows { get; private set; }

        public void Add(ReadOnlySpan<float> features, float label, float weight)
        {
            features.CopyTo(Features.AsSpan(Rows * featureCount));
            Labels[Rows] = label;
            Weights[Rows] = weight;
            Rows++;
        }

        public void Trim()
        {
            if (Rows == Labels.Length)
                return;
            Features = Features[..(Rows * featureCount)];
            Labels = Labels[..Rows];
            Weights = Weights[..Rows];
        }
    }
}
