using Microsoft.ML;
using MLNetDeep.Data;
using static TorchSharp.torch;

namespace MLNetDeep.Tests.Data;

/// <summary>Shuffled cached batches are gathered a chunk of whole batches at a time; the chunk size changes nothing they hold.</summary>
[TestClass]
public sealed class CachedBatchSourceTests
{
    private const int Rows = 103;
    private const int FeatureCount = 3;

    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    [DataRow(1L)]          // one batch per chunk
    [DataRow(100L)]        // a few batches per chunk, the last chunk partial
    [DataRow(16L << 20)]   // every row in one chunk
    public void GetBatches_Shuffled_SameBatchesWhateverTheChunkSize(long chunkBytes)
    {
        using var scan = Scan();
        using var reference = new CachedBatchSource(scan, FeatureCount, Identity(), CPU);
        using var chunked = new CachedBatchSource(scan, FeatureCount, Identity(), CPU, chunkBytes: chunkBytes);

        var expected = Contents(reference.GetBatches(batchSize: 8, shuffleSeed: 3));
        var actual = Contents(chunked.GetBatches(batchSize: 8, shuffleSeed: 3));

        Assert.AreEqual(13, actual.Count);
        for (int b = 0; b < expected.Count; b++)
        {
            CollectionAssert.AreEqual(expected[b].Features, actual[b].Features, $"batch {b}");
            CollectionAssert.AreEqual(expected[b].Labels, actual[b].Labels, $"batch {b}");
        }
        var rows = actual.SelectMany(b => b.Features.Where((_, i) => i % FeatureCount == 0)).ToArray();
        CollectionAssert.AreEquivalent(Enumerable.Range(0, Rows).Select(i => (float)i).ToArray(), rows, "every row once");
        CollectionAssert.AreNotEqual(Enumerable.Range(0, Rows).Select(i => (float)i).ToArray(), rows, "shuffled");
    }

    /// <summary>Reads each batch inside a scope of its own, opened before the batch is made, as the training loop does.</summary>
    private static List<(float[] Features, float[] Labels)> Contents(IEnumerable<Batch> batches)
    {
        var contents = new List<(float[], float[])>();
        using var enumerator = batches.GetEnumerator();
        while (true)
        {
            using var scope = NewDisposeScope();
            if (!enumerator.MoveNext())
                break;
            contents.Add((enumerator.Current.Features.data<float>().ToArray(), enumerator.Current.Labels.data<float>().ToArray()));
        }
        return contents;
    }

    private DataScan Scan()
    {
        var rows = Enumerable.Range(0, Rows).Select(i => new Row { Features = [i, -i, 0.5f * i], Label = i % 3 == 0 }).ToArray();
        IDataView view = _ml.Data.LoadFromEnumerable(rows);
        var columns = TrainingColumns.Resolve(view.Schema, new DeepMlpBinaryTrainer.Options(), new BinaryClassificationTask(), "training data");
        return DataScan.Run(view, columns, cacheCapBytes: 1 << 20);
    }

    private static Standardization Identity() => new(FeatureScaling.Identity(FeatureCount), 0, 1);

    /// <summary>One input row.</summary>
    private sealed class Row
    {
        [Microsoft.ML.Data.VectorType(FeatureCount)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }
}
