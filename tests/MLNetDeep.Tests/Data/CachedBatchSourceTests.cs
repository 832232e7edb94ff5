using Microsoft.ML;
using MLNetDeep.Data;
using static TorchSharp.torch;

namespace MLNetDeep.Tests.Data;

/// <summary>
/// Shuffled cached batches are copied a batch at a time on the CPU, or gathered by libtorch a chunk of whole batches at a
/// time; neither the route nor the chunk size changes what they hold.
/// </summary>
[TestClass]
public sealed class CachedBatchSourceTests
{
    private const int Rows = 103;
    private const int FeatureCount = 3;

    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    [DataRow(1L, false)]          // one batch per chunk
    [DataRow(100L, false)]        // a few batches per chunk, the last chunk partial
    [DataRow(16L << 20, false)]   // every row in one chunk
    [DataRow(0L, true)]           // copied a batch at a time into reused buffers (the default on the CPU)
    public void GetBatches_Shuffled_SameBatchesWhateverTheRoute(long chunkBytes, bool copyRows)
    {
        using var scan = Scan();
        using var reference = new CachedBatchSource(scan, FeatureCount, Identity(), CPU, copyRowsOnCpu: false);
        using var chunked = new CachedBatchSource(scan, FeatureCount, Identity(), CPU, chunkBytes: chunkBytes, copyRowsOnCpu: copyRows);

        var expected = Contents(reference.GetBatches(batchSize: 8, shuffleSeed: 3));
        var actual = Contents(chunked.GetBatches(batchSize: 8, shuffleSeed: 3));

        Assert.AreEqual(13, actual.Count);
        for (int b = 0; b < expected.Count; b++)
        {
            CollectionAssert.AreEqual(expected[b].Features, actual[b].Features, $"batch {b}");
            CollectionAssert.AreEqual(expected[b].Labels, actual[b].Labels, $"batch {b}");
            CollectionAssert.AreEqual(expected[b].Weights, actual[b].Weights, $"batch {b}");
            CollectionAssert.AreEqual(expected[b].Features.Where((_, i) => i % FeatureCount == 0).Select(WeightOf).ToArray(), actual[b].Weights, "each row's own weight");
        }
        var rows = actual.SelectMany(b => b.Features.Where((_, i) => i % FeatureCount == 0)).ToArray();
        CollectionAssert.AreEquivalent(Enumerable.Range(0, Rows).Select(i => (float)i).ToArray(), rows, "every row once");
        CollectionAssert.AreNotEqual(Enumerable.Range(0, Rows).Select(i => (float)i).ToArray(), rows, "shuffled");
    }

    [TestMethod]
    public void GetBatches_WeightedSampling_SameBatchesEitherRoute()
    {
        using var scan = Scan();
        double[] weights = [1, 4];
        using var gathered = new CachedBatchSource(scan, FeatureCount, Identity(), CPU, weights, copyRowsOnCpu: false);
        using var copied = new CachedBatchSource(scan, FeatureCount, Identity(), CPU, weights);

        var expected = Contents(gathered.GetBatches(batchSize: 16, shuffleSeed: 5));
        var actual = Contents(copied.GetBatches(batchSize: 16, shuffleSeed: 5));

        Assert.HasCount(expected.Count, actual);
        for (int b = 0; b < expected.Count; b++)
        {
            CollectionAssert.AreEqual(expected[b].Features, actual[b].Features, $"batch {b}");
            CollectionAssert.AreEqual(expected[b].Labels, actual[b].Labels, $"batch {b}");
            CollectionAssert.AreEqual(expected[b].Weights, actual[b].Weights, $"batch {b}");
        }
        Assert.IsGreaterThan(0.5, actual.SelectMany(b => b.Labels).Average(), "the weighted class is drawn more often than its third of the rows");
    }

    /// <summary>Reads each batch inside a scope of its own, opened before the batch is made, as the training loop does.</summary>
    private static List<(float[] Features, float[] Labels, float[] Weights)> Contents(IEnumerable<Batch> batches)
    {
        var contents = new List<(float[], float[], float[])>();
        using var enumerator = batches.GetEnumerator();
        while (true)
        {
            using var scope = NewDisposeScope();
            if (!enumerator.MoveNext())
                break;
            var batch = enumerator.Current;
            contents.Add((batch.Features.data<float>().ToArray(), batch.Labels.data<float>().ToArray(), batch.Weights.data<float>().ToArray()));
        }
        return contents;
    }

    private DataScan Scan()
    {
        var rows = Enumerable.Range(0, Rows).Select(i => new Row { Features = [i, -i, 0.5f * i], Label = i % 3 == 0, Weight = WeightOf(i) }).ToArray();
        IDataView view = _ml.Data.LoadFromEnumerable(rows);
        var options = new DeepMlpBinaryTrainer.Options { ExampleWeightColumnName = nameof(Row.Weight) };
        var columns = TrainingColumns.Resolve(view.Schema, options, new BinaryClassificationTask(), "training data");
        return DataScan.Run(view, columns, cacheCapBytes: 1 << 20);
    }

    /// <summary>Row i's example weight: 1 to 4, so a weight copied from the wrong row shows.</summary>
    private static float WeightOf(float row) => 1 + (row % 4);

    private static Standardization Identity() => new(FeatureScaling.Identity(FeatureCount), 0, 1);

    /// <summary>One input row.</summary>
    private sealed class Row
    {
        [Microsoft.ML.Data.VectorType(FeatureCount)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }

        public float Weight { get; set; }
    }
}
