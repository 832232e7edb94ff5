using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Data;
using static TorchSharp.torch;

namespace MLNetDeep.Tests.Data;

/// <summary>The streaming batch source hands every row once, in order or shuffled by seed, each batch keeping its own rows.</summary>
[TestClass]
public sealed class StreamingBatchSourceTests
{
    private const int Rows = 103;   // 12 full batches of 8 and a partial one of 7
    private const int FeatureCount = 3;

    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    public void GetBatches_InOrder_EachBatchKeepsItsRowsWhileLaterBatchesAreRead()
    {
        var (source, expected) = Source();

        var kept = source.GetBatches(batchSize: 8, shuffleSeed: null).ToList();

        Assert.AreEqual(13, kept.Count);
        var features = kept.SelectMany(b => b.Features.data<float>().ToArray()).ToArray();
        var labels = kept.SelectMany(b => b.Labels.data<float>().ToArray()).ToArray();
        CollectionAssert.AreEqual(expected.SelectMany(r => r.Features).ToArray(), features);
        CollectionAssert.AreEqual(expected.Select(r => r.Label ? 1f : 0f).ToArray(), labels);
        Assert.AreEqual(7, kept[^1].Rows);
        DisposeAll(kept);
    }

    [TestMethod]
    public void GetBatches_Shuffled_HandsEveryRowOnceAndTwoPassesWithTheSameSeedAgree()
    {
        var (source, expected) = Source();

        var first = source.GetBatches(batchSize: 8, shuffleSeed: 5).ToList();
        var second = source.GetBatches(batchSize: 8, shuffleSeed: 5).ToList();

        var firstRows = FirstFeature(first);
        CollectionAssert.AreEqual(firstRows, FirstFeature(second));
        CollectionAssert.AreNotEqual(expected.Select(r => r.Features[0]).ToArray(), firstRows);
        CollectionAssert.AreEquivalent(expected.Select(r => r.Features[0]).ToArray(), firstRows);
        DisposeAll(first);
        DisposeAll(second);
    }

    private (StreamingBatchSource Source, Row[] Rows) Source()
    {
        var rows = Enumerable.Range(0, Rows).Select(i => new Row { Features = [i, -i, 0.5f * i], Label = i % 3 == 0 }).ToArray();
        IDataView view = _ml.Data.LoadFromEnumerable(rows);
        var columns = TrainingColumns.Resolve(view.Schema, new DeepMlpBinaryTrainer.Options(), new BinaryClassificationTask(), "training data");
        var identity = new Standardization(FeatureScaling.Identity(FeatureCount), 0, 1);
        var source = new StreamingBatchSource(() => new RowReader(view, columns), columns, Rows, identity, poolSize: 16, prefetch: 2, CPU);
        return (source, rows);
    }

    private static float[] FirstFeature(List<Batch> batches) =>
        [.. batches.SelectMany(b => b.Features[TensorIndex.Colon, 0].data<float>().ToArray())];

    private static void DisposeAll(List<Batch> batches)
    {
        foreach (var b in batches)
        {
            b.Features.Dispose();
            b.Labels.Dispose();
            b.Weights.Dispose();
        }
    }

    /// <summary>A test row: feature values that name the row.</summary>
    private sealed class Row
    {
        [VectorType(FeatureCount)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }
}
