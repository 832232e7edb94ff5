using MLNetDeep.Data;
using MLNetDeep.Tasks;
using MLNetDeep.Training;
using static TorchSharp.torch;

namespace MLNetDeep.Tests.Training;

/// <summary>The per-class recall after the last epoch: example-weighted, over batches read in data order.</summary>
[TestClass]
public sealed class ClassRecallEvaluationTests
{
    [TestMethod]
    public void Run_Binary_WeightedRecallPerClass_AcrossBatches()
    {
        using var scope = NewDisposeScope();
        // The network passes its one input through: the logit is the feature, so rows with a positive feature are
        // predicted as class 1.
        var features = tensor(new float[] { 2, -1, 3, -2, 1, -4, 5 }).reshape(7, 1);
        var labels = tensor(new float[] { 1, 1, 1, 0, 0, 0, 1 });
        var weights = tensor(new float[] { 1, 2, 1, 1, 3, 1, 0.5f });
        using var source = new ViewSource(features, labels, weights);
        using var network = nn.Identity();

        var classes = ClassRecallEvaluation.Run(network, new BinaryClassificationTask(), [10, 20], source, "validation", batchSize: 3);

        Assert.AreEqual(2, classes.Count);
        // Class 1: rows 0, 1, 2, 6 (weights 1, 2, 1, 0.5), hit on 0, 2 and 6: 2.5 of 4.5.
        Assert.AreEqual(2.5 / 4.5, classes[1].Recall, 1e-12);
        // Class 0: rows 3, 4, 5 (weights 1, 3, 1), hit on 3 and 5: 2 of 5.
        Assert.AreEqual(2.0 / 5, classes[0].Recall, 1e-12);
        Assert.AreEqual(20, classes[1].TrainingWeight);
        Assert.AreEqual("validation", classes[0].EvaluatedOn);
    }

    [TestMethod]
    public void Run_Multiclass_CountsTheArgmaxClass()
    {
        using var scope = NewDisposeScope();
        var features = tensor(new float[] { 5, 0, 0, 0, 5, 0, 0, 0, 5, 5, 0, 0 }).reshape(4, 3);
        var labels = tensor(new float[] { 0, 1, 1, 2 });
        var weights = ones(4);
        using var source = new ViewSource(features, labels, weights);
        using var network = nn.Identity();

        var classes = ClassRecallEvaluation.Run(network, new MulticlassClassificationTask(3), [1, 2, 1], source, "training");

        double[] expected = [1.0, 0.5, 0.0];
        CollectionAssert.AreEqual(expected, classes.Select(c => c.Recall).ToArray());
    }

    /// <summary>Batches as views of whole tensors, in data order, as the cached source gives them.</summary>
    private sealed class ViewSource(Tensor features, Tensor labels, Tensor weights) : IBatchSource
    {
        public long RowCount => labels.shape[0];

        public IEnumerable<Batch> GetBatches(int batchSize, int? shuffleSeed)
        {
            for (long start = 0; start < RowCount; start += batchSize)
            {
                long rows = Math.Min(batchSize, RowCount - start);
                yield return new Batch(features.narrow(0, start, rows), labels.narrow(0, start, rows), weights.narrow(0, start, rows));
            }
        }

        public void Dispose() { }
    }
}
