using Microsoft.ML;
using MLNetDeep.Tests.Trainers;
using static MLNetDeep.Tests.Checkpoints.CheckpointTestKit;

namespace MLNetDeep.Tests.Checkpoints;

/// <summary>Resuming refuses what would not continue the same run: other validation data, another warm start, a folder of another run.</summary>
[TestClass]
public sealed class RefusalTests : TemporaryFolderTest
{
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    public void OtherValidationRows_OfTheSameCount_AreRefused()
    {
        var training = SyntheticData.Regression(_ml, 80);
        new DeepMlpRegressionTrainer(Options()).Fit(training, SyntheticData.Regression(_ml, 20, seed: 5));

        var error = Assert.ThrowsExactly<InvalidOperationException>(() =>
            new DeepMlpRegressionTrainer(Options(resume: true)).Fit(training, SyntheticData.Regression(_ml, 20, seed: 6)));

        StringAssert.Contains(error.Message, "was written for other data: 80 training rows, 20 validation rows, cached, content ");
    }

    [TestMethod]
    public void WarmStartedRun_ResumedWithoutItsInitialModel_IsRefused_AndWithIt_Continues()
    {
        var data = SyntheticData.Regression(_ml, 80);
        var initial = new DeepMlpRegressionTrainer(Options(folder: null)).Fit(data);
        var stopped = Options();
        stopped.Callbacks.Add(new CrashAt { CrashAtBatch = 7 });
        Assert.ThrowsExactly<SimulatedCrash>(() => new DeepMlpRegressionTrainer(stopped).Fit(data, initial));

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => new DeepMlpRegressionTrainer(Options(resume: true)).Fit(data));
        StringAssert.Contains(error.Message, "warm start: initial model ");
        StringAssert.Contains(error.Message, " in the checkpoint, no initial model now");

        var resumed = Options(resume: true);
        resumed.Callbacks.Add(new CrashAt());
        var plain = Options(folder: null);
        plain.Callbacks.Add(new CrashAt());
        CollectionAssert.AreEqual(Weights(new DeepMlpRegressionTrainer(plain).Fit(data, initial)), Weights(new DeepMlpRegressionTrainer(resumed).Fit(data, initial)));
    }

    [TestMethod]
    public void ResumingIntoAFolderOfAnotherRun_IsRefused_AndNothingIsDeleted()
    {
        var data = SyntheticData.Regression(_ml, 80);
        string first = Path.Combine(Folder, "first"), second = Path.Combine(Folder, "second");
        new DeepMlpRegressionTrainer(Options(folder: first)).Fit(data);
        var other = Options(folder: second);
        other.LearningRate = 0.02;
        other.NumberOfEpochs = 1;
        new DeepMlpRegressionTrainer(other).Fit(data);
        string[] before = Directory.GetFiles(second).Order().ToArray();

        var into = Options(folder: second);
        into.ResumeFromCheckpoint = first;
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => new DeepMlpRegressionTrainer(into).Fit(data));

        StringAssert.Contains(error.Message, $"CheckpointDirectory '{second}' holds 'best.ckpt' of another run (LearningRate 0.02, not 0.01) than '");
        CollectionAssert.AreEqual(before, Directory.GetFiles(second).Order().ToArray());
    }

    private DeepMlpRegressionTrainer.Options Options(bool resume = false, string? folder = "")
    {
        folder = folder == "" ? Folder : folder;
        return new()
        {
            HiddenLayerSizes = [8], BatchSize = 20, NumberOfEpochs = 3, LearningRate = 0.01, Seed = 3, CheckpointOnBest = true,
            CheckpointDirectory = folder, ResumeFromCheckpoint = resume ? folder : null,
        };
    }
}
