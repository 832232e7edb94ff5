using Microsoft.ML;
using MLNetDeep.Tests.Trainers;

namespace MLNetDeep.Tests.Optimization;

[TestClass]
public sealed class GradientAccumulationTests
{
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    [DataRow(OptimizerAlgorithm.Sgd)]
    [DataRow(OptimizerAlgorithm.Adam)]
    public void Fit_AccumulatingFourBatchesOfEight_MatchesBatchesOfThirtyTwo(OptimizerAlgorithm optimizer)
    {
        // 100 rows: batches of 8 group as 4+4+4+1 (32, 32, 32, 4 rows), the same rows in the same order as batches
        // of 32, because the shuffle permutes rows by seed whatever the batch size; the last group steps at epoch end.
        var data = SyntheticData.Binary(_ml, 100);
        DeepMlpBinaryTrainer.Options Options(int batchSize, int accumulation)
        {
            var o = OptimizationTestKit.Small(epochs: 3, batchSize: batchSize);
            o.Optimizer = optimizer;
            o.LearningRate = optimizer == OptimizerAlgorithm.Sgd ? 0.1 : 0.01;
            o.LearningRateSchedule = LearningRateSchedule.Cosine;
            o.GradientAccumulationSteps = accumulation;
            return o;
        }

        var accumulated = new DeepMlpBinaryTrainer(Options(8, 4)).Fit(data);
        var large = new DeepMlpBinaryTrainer(Options(32, 1)).Fit(data);

        OptimizationTestKit.AssertClose(SyntheticData.Scores(large.Transform(data)), SyntheticData.Scores(accumulated.Transform(data)), 1e-4, "scores");
        Assert.AreEqual(12, accumulated.History.Steps.Count);
        for (int i = 0; i < 12; i++)
        {
            Assert.AreEqual(large.History.Steps[i].LearningRate, accumulated.History.Steps[i].LearningRate, 1e-12);
            Assert.AreEqual(large.History.Steps[i].Loss, accumulated.History.Steps[i].Loss, 1e-5);
        }
        Assert.AreEqual(0, accumulated.History.Epochs[^1].LearningRate, 1e-15);
        Assert.AreEqual(large.History.Epochs[^1].TrainingLoss, accumulated.History.Epochs[^1].TrainingLoss, 1e-5);
    }

    [TestMethod]
    public void Fit_WithAccumulation_DiffersFromStepping()
    {
        var data = SyntheticData.Binary(_ml, 100);
        var stepping = OptimizationTestKit.Small(epochs: 2, batchSize: 8);
        var accumulating = OptimizationTestKit.Small(epochs: 2, batchSize: 8);
        accumulating.GradientAccumulationSteps = 4;

        var a = SyntheticData.Scores(new DeepMlpBinaryTrainer(stepping).Fit(data).Transform(data));
        var b = SyntheticData.Scores(new DeepMlpBinaryTrainer(accumulating).Fit(data).Transform(data));

        Assert.IsTrue(a.Zip(b).Max(p => Math.Abs(p.First - p.Second)) > 1e-3);
    }
}
