using Microsoft.ML;
using MLNetDeep.Checkpoints;
using MLNetDeep.Tests.Trainers;
using static MLNetDeep.Tests.Checkpoints.CheckpointTestKit;

namespace MLNetDeep.Tests.Checkpoints;

/// <summary>What a checkpoint folder holds, how damaged or foreign checkpoints are handled, and what resuming refuses.</summary>
[TestClass]
public sealed class CheckpointFolderTests : TemporaryFolderTest
{
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    public void Checkpoints_KeepTheLatestN_AndTheBestEpoch()
    {
        var options = Options(epochs: 6);
        options.CheckpointsToKeep = 2;
        options.EarlyStopping = new EarlyStoppingOptions { Patience = 10, MinDelta = 1e9 };   // only epoch 1 can be best

        var model = new DeepMlpRegressionTrainer(options).Fit(SyntheticData.Regression(_ml, 100));

        string[] expected = ["best.ckpt", "epoch-0005.ckpt", "epoch-0006.ckpt"];
        CollectionAssert.AreEquivalent(expected, Directory.GetFiles(Folder, "*.ckpt").Select(Path.GetFileName).ToArray());
        var best = StoredCheckpoint.Read(Path.Combine(Folder, "best.ckpt")).Meta;
        Assert.AreEqual(1, best.Epoch);
        Assert.IsTrue(best.IsBest);
        Assert.AreEqual(1, model.History.SelectedEpoch);
        var last = StoredCheckpoint.Read(Path.Combine(Folder, "epoch-0006.ckpt")).Meta;
        Assert.AreEqual((6, 6L * 4, 3), (last.Epoch, last.Step, last.Seed), "epoch, step (4 batches per epoch) and seed");
        Assert.AreEqual("80 training rows, 20 validation rows, cached", last.DataFingerprint[..last.DataFingerprint.IndexOf(", content", StringComparison.Ordinal)]);
        Assert.AreEqual("[8]", last.Options["HiddenLayerSizes"]);
        Assert.AreEqual("10", last.Options["EarlyStopping.Patience"]);
    }

    [TestMethod]
    public void EveryTwoEpochs_WritesEvenEpochsAndTheLast()
    {
        var options = Options(epochs: 5);
        options.CheckpointEveryNEpochs = 2;
        options.CheckpointsToKeep = 10;
        options.CheckpointOnBest = false;

        new DeepMlpRegressionTrainer(options).Fit(SyntheticData.Regression(_ml, 100));

        string[] expected = ["epoch-0002.ckpt", "epoch-0004.ckpt", "epoch-0005.ckpt"];
        CollectionAssert.AreEqual(expected, Directory.GetFiles(Folder, "*.ckpt").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());
    }

    [TestMethod]
    public void TruncatedLatestCheckpoint_IsSkippedWithAWarning_AndTheOneBeforeIsUsed()
    {
        var data = SyntheticData.Regression(_ml, 100);
        var plain = Options(epochs: 4, folder: null);
        plain.Callbacks.Add(new CrashAt());
        var uninterrupted = new DeepMlpRegressionTrainer(plain).Fit(data);
        var stopped = Options(epochs: 4);
        stopped.CheckpointOnBest = false;
        stopped.Callbacks.Add(new CrashAt { CrashAtBatch = 15 });   // in epoch 4: checkpoints of epochs 2 and 3 remain
        Assert.ThrowsExactly<SimulatedCrash>(() => new DeepMlpRegressionTrainer(stopped).Fit(data));
        string latest = Path.Combine(Folder, "epoch-0003.ckpt");
        byte[] bytes = File.ReadAllBytes(latest);
        File.WriteAllBytes(latest, bytes[..(bytes.Length / 2)]);                           // as a writer without the rename would leave it
        File.WriteAllBytes(Path.Combine(Folder, "epoch-0004.ckpt.999999999.tmp"), bytes[..100]); // what a killed writer leaves

        var resumedOptions = Options(epochs: 4, resume: true);
        resumedOptions.CheckpointOnBest = false;
        resumedOptions.Callbacks.Add(new CrashAt());
        var resumed = new DeepMlpRegressionTrainer(resumedOptions).Fit(data);

        CollectionAssert.AreEqual(Weights(uninterrupted), Weights(resumed));
        Assert.IsTrue(resumed.History.Notes.Any(n => n.StartsWith($"Skipped checkpoint '{latest}': '{latest}' is truncated or damaged", StringComparison.Ordinal)),
            string.Join("\n", resumed.History.Notes));
        StringAssert.Contains(resumed.History.Notes[^1], "epoch-0002.ckpt' (epoch 2, step 8");
        Assert.IsEmpty(Directory.GetFiles(Folder, "*.tmp"), "the killed writer's leftover is deleted");
    }

    [TestMethod]
    public void CheckpointOfAnotherFit_IsRefused_NamingWhatDiffers()
    {
        var data = SyntheticData.Regression(_ml, 100);
        new DeepMlpRegressionTrainer(Options(epochs: 2)).Fit(data);

        string Refusal(DeepMlpOptionsBase options, IDataView on) => Assert.ThrowsExactly<InvalidOperationException>(() =>
            _ = options is DeepMlpBinaryTrainer.Options b ? new DeepMlpBinaryTrainer(b).Fit(on) : (DeepMlpTransformer)new DeepMlpRegressionTrainer((DeepMlpRegressionTrainer.Options)options).Fit(on)).Message;

        var wider = Options(epochs: 2, resume: true);
        wider.HiddenLayerSizes = [16];
        wider.LearningRate = 0.5;
        StringAssert.Contains(Refusal(wider, data), "belongs to another fit: architecture, HiddenLayerSizes: [8] in the checkpoint, [16] now; LearningRate: 0.01 in the checkpoint, 0.5 now.");

        var binary = new DeepMlpBinaryTrainer.Options { HiddenLayerSizes = [8], BatchSize = 20, NumberOfEpochs = 2, LearningRate = 0.01, ValidationFraction = 0.2, Seed = 3, ResumeFromCheckpoint = Folder };
        StringAssert.Contains(Refusal(binary, SyntheticData.Binary(_ml, 100)), "task: regression in the checkpoint, binary classification now");

        var wideData = _ml.Transforms.Concatenate("Features", "Features", "Features").Fit(data).Transform(data);
        string wide = Refusal(Options(epochs: 2, resume: true), wideData);
        StringAssert.Contains(wide, $"feature count: {SyntheticData.FeatureCount} in the checkpoint, {2 * SyntheticData.FeatureCount} now", wide);

        var otherSeed = Options(epochs: 2, resume: true);
        otherSeed.Seed = 4;
        StringAssert.Contains(Refusal(otherSeed, data), "Seed: 3 in the checkpoint, 4 now");
        StringAssert.Contains(Refusal(Options(epochs: 1, resume: true), data), "NumberOfEpochs: 2 in the checkpoint, 1 now (it may grow, not shrink)");

        string otherRows = Refusal(Options(epochs: 2, resume: true), SyntheticData.Regression(_ml, 100, seed: 9));
        StringAssert.Contains(otherRows, "was written for other data: 80 training rows, 20 validation rows, cached, content ");
        StringAssert.Contains(otherRows, "use warm start");
    }

    [TestMethod]
    public void FolderWithAnotherRunsCheckpoints_IsRefusedAndKept_UnlessResuming()
    {
        var data = SyntheticData.Regression(_ml, 100);
        new DeepMlpRegressionTrainer(Options(epochs: 2)).Fit(data);
        var files = Directory.GetFiles(Folder).Order().ToArray();

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => new DeepMlpRegressionTrainer(Options(epochs: 2)).Fit(data));

        StringAssert.Contains(error.Message, $"CheckpointDirectory '{Folder}' already holds checkpoints of another run");
        CollectionAssert.AreEqual(files, Directory.GetFiles(Folder).Order().ToArray(), "nothing deleted");
        var longer = new DeepMlpRegressionTrainer(Options(epochs: 3, resume: true)).Fit(data);   // NumberOfEpochs may grow
        Assert.HasCount(3, longer.History.Epochs);
    }

    [TestMethod]
    public void ResumingFromBestIntoAFolderWithLaterCheckpoints_IsRefused_OrIntoANewFolder_Continues()
    {
        var data = SyntheticData.Regression(_ml, 100);
        DeepMlpRegressionTrainer.Options OnlyEpochOneIsBest(bool resume)
        {
            var options = Options(epochs: 3, resume);
            options.EarlyStopping = new EarlyStoppingOptions { Patience = 10, MinDelta = 1e9 };
            return options;
        }
        var full = new DeepMlpRegressionTrainer(OnlyEpochOneIsBest(resume: false)).Fit(data);
        var fromBest = OnlyEpochOneIsBest(resume: true);
        fromBest.ResumeFromCheckpoint = Path.Combine(Folder, "best.ckpt");

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => new DeepMlpRegressionTrainer(fromBest).Fit(data));

        StringAssert.Contains(error.Message, $"holds 'epoch-0002.ckpt', written later in training than '{fromBest.ResumeFromCheckpoint}'");
        fromBest.CheckpointDirectory = Path.Combine(Folder, "from-best");
        var again = new DeepMlpRegressionTrainer(fromBest).Fit(data);
        CollectionAssert.AreEqual(Weights(full), Weights(again), "continuing from epoch 1 retraces epochs 2 and 3");
    }

    [TestMethod]
    public void ResumeFromAnEmptyCheckpointFolder_StartsTheFit_SoOneCommandStartsAndResumes()
    {
        var data = SyntheticData.Regression(_ml, 100);
        string folder = Path.Combine(Folder, "run");   // not created yet
        var options = Options(epochs: 2, resume: true);
        options.CheckpointDirectory = options.ResumeFromCheckpoint = folder;

        var first = new DeepMlpRegressionTrainer(options).Fit(data);
        var again = new DeepMlpRegressionTrainer(options).Fit(data);

        Assert.IsTrue(first.History.Notes.Any(n => n.Contains("holds no checkpoint yet, so this fit starts from the beginning", StringComparison.Ordinal)), string.Join("\n", first.History.Notes));
        CollectionAssert.AreEqual(Weights(first), Weights(again), "the second run resumed the finished one");
        StringAssert.Contains(again.History.Notes[^1], "epoch-0002.ckpt' (epoch 2, step 8");
        var missing = Options(epochs: 2, folder: null);
        missing.ResumeFromCheckpoint = Path.Combine(Folder, "missing.ckpt");
        var error = Assert.ThrowsExactly<FileNotFoundException>(() => new DeepMlpRegressionTrainer(missing).Fit(data));
        StringAssert.Contains(error.Message, "which is neither a checkpoint file nor a folder");
    }

    private DeepMlpRegressionTrainer.Options Options(int epochs, bool resume = false, string? folder = "")
    {
        folder = folder == "" ? Folder : folder;
        return new()
        {
            HiddenLayerSizes = [8], BatchSize = 20, NumberOfEpochs = epochs, LearningRate = 0.01, ValidationFraction = 0.2, Seed = 3,
            CheckpointDirectory = folder, ResumeFromCheckpoint = resume ? folder : null,
        };
    }
}
