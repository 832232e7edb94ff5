using Microsoft.ML;
using MLNetDeep.Tests.Trainers;
using static TorchSharp.torch;

namespace MLNetDeep.Tests.Training;

/// <summary>The divergence guard: a diverging fit throws with where and why, or returns the last finite model; non-finite weights are never exported.</summary>
[TestClass]
public sealed class DivergenceGuardTests
{
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    public void SgdAtLearningRateTen_ThrowsInTheFirstEpoch_NamingTheLearningRateFirst()
    {
        var options = Options();
        options.Optimizer = OptimizerAlgorithm.Sgd;
        options.LearningRate = 10;
        options.LearningRateSchedule = LearningRateSchedule.Constant;

        var error = Assert.ThrowsExactly<TrainingDivergedException>(() => new DeepMlpRegressionTrainer(options).Fit(SyntheticData.Regression(_ml, 200)));

        Assert.AreEqual(1, error.Epoch);
        Assert.IsEmpty(error.History.Epochs, "no epoch finished");
        StringAssert.StartsWith(error.Quantity, "the training loss is ");
        StringAssert.StartsWith(error.LikelyCauses[0], "The learning rate is too high: LearningRate is 10 with Sgd; try 1,");
        StringAssert.StartsWith(error.LikelyCauses[^1], "No gradient clipping");
        StringAssert.StartsWith(error.Message, $"Training diverged in epoch 1, after step {error.Step}: the training loss is ");
        StringAssert.Contains(error.Message, "Set DivergenceGuard.Action = RestoreLastFiniteWeights");
    }

    [TestMethod]
    public void NaNWeightsInEpochThree_ThrowWithTheLayer_OrRestoreEpochTwo()
    {
        var data = SyntheticData.Regression(_ml, 100);
        var throwing = Options(new AtEpoch(3, p => p.flatten()[0].fill_(double.NaN)));

        var error = Assert.ThrowsExactly<TrainingDivergedException>(() => new DeepMlpRegressionTrainer(throwing).Fit(data));

        Assert.AreEqual(3, error.Epoch);
        Assert.AreEqual("hidden layer 1 (_linear.weight)", error.FirstNonFiniteLayer);
        Assert.HasCount(2, error.History.Epochs);

        var restoring = Options(new AtEpoch(3, p => p.flatten()[0].fill_(double.NaN)));
        restoring.DivergenceGuard.Action = DivergenceAction.RestoreLastFiniteWeights;
        var model = new DeepMlpRegressionTrainer(restoring).Fit(data);

        float[] scores = SyntheticData.Scores(model.Transform(data));
        Assert.IsTrue(scores.All(float.IsFinite));
        Assert.AreEqual(2, model.History.SelectedEpoch);
        StringAssert.StartsWith(model.History.Notes[^1], "Training diverged in epoch 3, after step 11: the training loss is NaN. Restored the weights of epoch 2");
    }

    [TestMethod]
    public void ExplodingLoss_IsCaughtBeforeNaN_OnlyWhenAskedFor()
    {
        var data = SyntheticData.Regression(_ml, 100);
        static void Blow(Tensor weight) => weight.mul_(1000);
        var watching = Options(new AtEpoch(3, Blow, lastParameter: true));
        watching.DivergenceGuard.DetectExplodingLoss = true;

        var error = Assert.ThrowsExactly<TrainingDivergedException>(() => new DeepMlpRegressionTrainer(watching).Fit(data));
        var model = new DeepMlpRegressionTrainer(Options(new AtEpoch(3, Blow, lastParameter: true))).Fit(data);

        Assert.AreEqual(3, error.Epoch);
        StringAssert.Contains(error.Quantity, "exploded past 10 times the first epoch's");
        Assert.IsNull(error.FirstNonFiniteLayer);
        Assert.HasCount(4, model.History.Epochs, "without DetectExplodingLoss a finite loss is not divergence");
    }

    [TestMethod]
    public void ExplodingLossFactor_SetsHowFarTheLossMayRise()
    {
        var data = SyntheticData.Regression(_ml, 100);
        var tolerant = Options(new AtEpoch(3, w => w.mul_(1000), lastParameter: true));
        tolerant.DivergenceGuard.DetectExplodingLoss = true;
        tolerant.DivergenceGuard.ExplodingLossFactor = 1e12;

        var model = new DeepMlpRegressionTrainer(tolerant).Fit(data);

        Assert.HasCount(4, model.History.Epochs, "a rise below 1e12 times the first epoch's loss is not divergence with that factor");
    }

    [TestMethod]
    public void NonFiniteWeightsAtTheEnd_AreNeverExported()
    {
        var options = Options(new AtTrainEnd(p => p.flatten()[0].fill_(double.PositiveInfinity)));

        var error = Assert.ThrowsExactly<TrainingDivergedException>(() => new DeepMlpRegressionTrainer(options).Fit(SyntheticData.Regression(_ml, 60)));

        Assert.AreEqual("the weights to export are not finite", error.Quantity);
        Assert.AreEqual("hidden layer 1 (_linear.weight)", error.FirstNonFiniteLayer);
    }

    [TestMethod]
    public void Float16StepsThatKeepOverflowing_AreDivergence_BlamingFloat16First()
    {
        var options = Options(new InfiniteGradientsFromStep(3));
        options.MixedPrecision = MixedPrecision.Float16;
        options.ForceMixedPrecisionOnCpu = true;
        options.DivergenceGuard.MaxConsecutiveSkippedSteps = 4;

        var error = Assert.ThrowsExactly<TrainingDivergedException>(() => new DeepMlpRegressionTrainer(options).Fit(SyntheticData.Regression(_ml, 100)));

        Assert.AreEqual("float16 mixed precision skipped 4 steps in a row (its loss scale kept overflowing)", error.Quantity);
        Assert.AreEqual(error.History.Steps[^1].Step, error.Step);
        Assert.IsTrue(error.Step <= 6, $"every step from 3 on overflows, so the 4th skip in a row comes by step 6; came at {error.Step}");
        Assert.IsTrue(error.History.Steps.TakeLast(4).All(s => s.Skipped));
        StringAssert.StartsWith(error.LikelyCauses[0], "Float16 overflow");
    }

    [TestMethod]
    public void GuardOptions_AreValidated()
    {
        var options = Options();
        options.DivergenceGuard.ExplodingLossFactor = 1;
        options.DivergenceGuard.MaxConsecutiveSkippedSteps = 0;

        var error = Assert.ThrowsExactly<ArgumentException>(() => new DeepMlpRegressionTrainer(options));

        StringAssert.Contains(error.Message, "DivergenceGuard.ExplodingLossFactor is 1, but must be greater than 1.");
        StringAssert.Contains(error.Message, "DivergenceGuard.MaxConsecutiveSkippedSteps is 0, but must be at least 1.");
        options.DivergenceGuard = null!;
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new DeepMlpRegressionTrainer(options)).Message, "DivergenceGuard is null");
    }

    private static DeepMlpRegressionTrainer.Options Options(params TrainingCallback[] callbacks)
    {
        var options = new DeepMlpRegressionTrainer.Options { HiddenLayerSizes = [8], NumberOfEpochs = 4, BatchSize = 20, Seed = 1 };
        foreach (var callback in callbacks)
            options.Callbacks.Add(callback);
        return options;
    }

    /// <summary>Changes the first (or last) parameter in place at the start of an epoch.</summary>
    private sealed class AtEpoch(int epoch, Action<Tensor> change, bool lastParameter = false) : TrainingCallback
    {
        public override void OnEpochBegin(TrainingContext context)
        {
            if (context.Epoch != epoch)
                return;
            using var _ = no_grad();
            var parameters = context.Network.parameters().ToList();
            change(lastParameter ? parameters[^2] : parameters[0]);
        }
    }

    /// <summary>Makes every gradient infinite from step <paramref name="step"/> on (float16 then skips every step).</summary>
    private sealed class InfiniteGradientsFromStep(long step) : TrainingCallback
    {
        public override void OnGradientsComputed(TrainingContext context)
        {
            if (context.Step + 1 >= step)
            {
                using var scope = NewDisposeScope();
                context.Network.parameters().First().grad!.fill_(double.PositiveInfinity);
            }
        }
    }

    /// <summary>Changes the first parameter in place after training, after the built-in callbacks.</summary>
    private sealed class AtTrainEnd(Action<Tensor> change) : TrainingCallback
    {
        public override void OnTrainEnd(TrainingContext context)
        {
            using var _ = no_grad();
            change(context.Network.parameters().First());
        }
    }
}
