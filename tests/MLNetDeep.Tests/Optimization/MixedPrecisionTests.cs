using Microsoft.ML;
using MLNetDeep.Tests.Trainers;
using MLNetDeep.Training.Optimization;
using TorchSharp;

namespace MLNetDeep.Tests.Optimization;

/// <summary>On the CPU, with mixed precision forced (there is no CUDA backend on the test machines).</summary>
[TestClass]
public sealed class MixedPrecisionTests
{
    private readonly MLContext _ml = new(seed: 1);

    private static DeepMlpBinaryTrainer.Options Options(MixedPrecision precision, bool force = true)
    {
        var o = OptimizationTestKit.Small(epochs: 8, batchSize: 32);
        o.HiddenLayerSizes = [16];
        o.MixedPrecision = precision;
        o.ForceMixedPrecisionOnCpu = force;
        return o;
    }

    [TestMethod]
    [DataRow(MixedPrecision.Float16)]
    [DataRow(MixedPrecision.BFloat16)]
    public void Fit_WithForcedMixedPrecision_ConvergesCloseToFloat32(MixedPrecision precision)
    {
        var data = SyntheticData.Binary(_ml, 300);

        var half = new DeepMlpBinaryTrainer(Options(precision)).Fit(data);
        var full = new DeepMlpBinaryTrainer(Options(MixedPrecision.None)).Fit(data);

        double halfLoss = half.History.Epochs[^1].TrainingLoss, fullLoss = full.History.Epochs[^1].TrainingLoss;
        Assert.IsTrue(halfLoss < half.History.Epochs[0].TrainingLoss / 2, $"{precision} loss {halfLoss}");
        Assert.AreEqual(fullLoss, halfLoss, 0.02, $"{precision} vs float32");
        Assert.IsTrue(_ml.BinaryClassification.Evaluate(half.Transform(data)).Accuracy > 0.9);
        // Half precision really ran: the weights differ from float32 training, but not by much.
        var h = SyntheticData.Scores(half.Transform(data));
        var f = SyntheticData.Scores(full.Transform(data));
        double largest = h.Zip(f).Max(p => Math.Abs(p.First - p.Second));
        Assert.IsTrue(largest is > 1e-5 and < 0.5, $"largest score difference {largest}");
        Assert.IsTrue(half.History.Steps.All(s => !s.Skipped));
        if (precision == MixedPrecision.Float16)
            Assert.IsTrue(half.History.Steps.All(s => s.LossScale == 65536));
        else
            Assert.IsTrue(half.History.Steps.All(s => s.LossScale is null));
    }

    [TestMethod]
    public void Fit_Float16WithAnOverflowingStep_SkipsItAndHalvesTheScale()
    {
        var recorder = new UpdateRecorder();
        var options = Options(MixedPrecision.Float16);
        options.NumberOfEpochs = 1;
        options.Callbacks.Add(new InfinityAtStep(3));
        options.Callbacks.Add(recorder);

        var steps = OptimizationTestKit.Fit(_ml, options).Steps;

        Assert.AreEqual(4, steps.Count);
        bool[] skipped = [false, false, true, false];
        CollectionAssert.AreEqual(skipped, steps.Select(s => s.Skipped).ToArray());
        CollectionAssert.AreEqual(new double?[] { 65536, 65536, 65536, 32768 }, steps.Select(s => s.LossScale).ToArray());
        CollectionAssert.AreEqual(recorder.After[1], recorder.After[2], "the skipped step must leave the weights unchanged");
        CollectionAssert.AreNotEqual(recorder.After[2], recorder.After[3]);
        Assert.IsTrue(recorder.After[3].All(float.IsFinite));
    }

    [TestMethod]
    public void Fit_Float16WithAccumulation_StaysCloseToOneLargeBatch()
    {
        var data = SyntheticData.Binary(_ml, 100);
        var accumulating = Options(MixedPrecision.Float16);
        accumulating.BatchSize = 8;
        accumulating.GradientAccumulationSteps = 4;

        var accumulated = new DeepMlpBinaryTrainer(accumulating).Fit(data);
        var large = new DeepMlpBinaryTrainer(Options(MixedPrecision.Float16)).Fit(data);

        Assert.AreEqual(large.History.Steps.Count, accumulated.History.Steps.Count);
        OptimizationTestKit.AssertClose(SyntheticData.Scores(large.Transform(data)), SyntheticData.Scores(accumulated.Transform(data)), 1e-3, "scores");
        Assert.IsTrue(accumulated.History.Steps.All(s => !s.Skipped));
    }

    [TestMethod]
    public void Fit_WithMixedPrecisionOnCpuNotForced_NotesItAndTrainsInFloat32()
    {
        var data = SyntheticData.Binary(_ml, 100);

        var requested = new DeepMlpBinaryTrainer(Options(MixedPrecision.Float16, force: false)).Fit(data);
        var plain = new DeepMlpBinaryTrainer(Options(MixedPrecision.None)).Fit(data);

        Assert.AreEqual(1, requested.History.Notes.Count);
        StringAssert.StartsWith(requested.History.Notes[0], "MixedPrecision = Float16 was not used: training runs on the CPU");
        CollectionAssert.AreEqual(SyntheticData.Scores(plain.Transform(data)), SyntheticData.Scores(requested.Transform(data)));
        Assert.IsTrue(requested.History.Steps.All(s => s.LossScale is null));
    }

    [TestMethod]
    public void LossScaler_HalvesOnOverflow_AndDoublesAfterTheGrowthInterval()
    {
        var scaler = new DynamicLossScaler(initialScale: 1024, growthInterval: 3);
        var seen = new List<double>();
        foreach (bool finite in new[] { true, true, false, true, true, true, true })
        {
            scaler.Update(finite);
            seen.Add(scaler.Scale);
        }

        CollectionAssert.AreEqual(new double[] { 1024, 1024, 512, 512, 512, 1024, 1024 }, seen);
    }

    /// <summary>Writes inf into one gradient at the given 1-based step.</summary>
    private sealed class InfinityAtStep(long step) : TrainingCallback
    {
        public override void OnGradientsComputed(TrainingContext context)
        {
            if (context.Step + 1 == step)
            {
                using var scope = torch.NewDisposeScope();
                context.Network.parameters().First().grad!.fill_(double.PositiveInfinity);
            }
        }
    }
}
