using Microsoft.ML;
using MLNetDeep.Snapshots;
using MLNetDeep.Tests.Checkpoints;
using MLNetDeep.Tests.Trainers;
using static MLNetDeep.Tests.Training.TensorBoardEvents;

namespace MLNetDeep.Tests.Training;

/// <summary>
/// TensorBoardLogDirectory: the event files hold exactly the history's step and epoch values, histograms of every
/// parameter at the chosen epochs and the options; ensembles write one run per member; the weights do not change; a
/// resumed fit continues at the checkpoint's step.
/// </summary>
[TestClass]
public sealed class TensorBoardLoggingTests
{
    // 100 rows in batches of 32: 4 steps per epoch.
    private static readonly string[] ParameterTags =
        ["hidden1.linear.weight", "hidden1.linear.bias", "hidden2.linear.weight", "hidden2.linear.bias", "output.weight", "output.bias"];

    private static readonly string[] MemberFolders = ["member-01", "member-02"];

    private readonly MLContext _ml = new(seed: 1);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mlnetdeep-tensorboard-" + Guid.NewGuid().ToString("N"));

    [TestCleanup]
    public void DeleteFolder()
    {
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    [TestMethod]
    public void Fit_WritesTheHistorysStepsAndEpochs_HistogramsAtTheChosenEpochs_AndTheOptions()
    {
        var options = Options(_folder);
        options.TensorBoardHistogramEveryNEpochs = 2;

        using var model = new DeepMlpRegressionTrainer(options).Fit(SyntheticData.Regression(_ml, 100), SyntheticData.Regression(_ml, 40, seed: 2));
        var events = ReadRun(_folder);

        var history = model.History;
        Assert.AreEqual("brain.Event:2", events[0].FileVersion);
        Assert.HasCount(16, history.Steps);
        CollectionAssert.AreEqual(history.Steps.Select(s => (s.Step, (float)s.Loss)).ToList(), Scalars(events, "train/loss"));
        CollectionAssert.AreEqual(history.Steps.Select(s => (s.Step, (float)s.LearningRate)).ToList(), Scalars(events, "train/learning_rate"));
        Assert.IsGreaterThan(1, history.Steps.Select(s => s.LearningRate).Distinct().Count(), "the cosine schedule changes the rate");
        CollectionAssert.AreEqual(history.Epochs.Select(e => ((long)e.Epoch, (float)e.TrainingLoss)).ToList(), Scalars(events, "epoch/training_loss"));
        CollectionAssert.AreEqual(history.Epochs.Select(e => ((long)e.Epoch, (float)e.ValidationLoss!.Value)).ToList(), Scalars(events, "epoch/validation_loss"));
        Assert.AreEqual("RSquared", history.ValidationMetricName);
        CollectionAssert.AreEqual(history.Epochs.Select(e => ((long)e.Epoch, (float)e.ValidationMetric!.Value)).ToList(), Scalars(events, "epoch/RSquared"));

        foreach (string tag in ParameterTags)
        {
            CollectionAssert.AreEqual(new long[] { 2, 4 }, Histograms(events, "weights/" + tag).Select(h => h.Step).ToList(), tag);
            CollectionAssert.AreEqual(new long[] { 2, 4 }, Histograms(events, "gradients/" + tag).Select(h => h.Step).ToList(), tag);
        }
        var hidden2 = Histograms(events, "weights/hidden2.linear.weight")[^1].Histogram;
        float[] trained = model.Model.Network.Members[0].Layers.OfType<DenseLayer>().ElementAt(1).Weight;
        Assert.AreEqual(trained.Length, (int)hidden2.Num, "8 × 4 weights");
        Assert.AreEqual(trained.Sum(w => (double)w), hidden2.Sum, 1e-5, "the last histogram holds the trained weights");
        Assert.AreEqual(trained.Min(), hidden2.Min, 1e-7);
        Assert.AreEqual(hidden2.Num, hidden2.Bucket.Sum(), "every weight is in a bucket");

        var (step, text) = Texts(events, "options").Single();
        Assert.AreEqual(0, step);
        StringAssert.StartsWith(text, "| option | value |\n|---|---|\n");
        StringAssert.Contains(text, "| HiddenLayerSizes | [8, 4] |\n");
        StringAssert.Contains(text, "| EarlyStopping | null |\n");
        StringAssert.Contains(text, "| Seed | 5 |\n");
        Assert.IsFalse(text.Contains("TensorBoard", StringComparison.Ordinal), "options that do not change the fit are left out");
    }

    [TestMethod]
    public void Fit_WithAndWithoutTensorBoard_GivesIdenticalWeights()
    {
        var data = SyntheticData.Regression(_ml, 100);
        var logged = Options(_folder);

        using var with = new DeepMlpRegressionTrainer(logged).Fit(data);
        using var without = new DeepMlpRegressionTrainer(Options(folder: null)).Fit(data);

        Assert.IsNotEmpty(Histograms(ReadRun(_folder), "gradients/hidden1.linear.weight"), "histograms every epoch by default");
        CollectionAssert.AreEqual(CheckpointTestKit.Weights(without), CheckpointTestKit.Weights(with));
        CollectionAssert.AreEqual(without.History.Steps.ToList(), with.History.Steps.ToList());
    }

    [TestMethod]
    public void Ensemble_WritesOneRunPerMember_AndNoHistogramsAtZero()
    {
        var options = Options(_folder);
        options.EnsembleSize = 2;
        options.NumberOfEpochs = 2;
        options.TensorBoardHistogramEveryNEpochs = 0;

        using var model = new DeepMlpRegressionTrainer(options).Fit(SyntheticData.Regression(_ml, 100));

        Assert.IsEmpty(Files(_folder), "an ensemble writes nothing into the folder itself");
        CollectionAssert.AreEqual(MemberFolders, Directory.GetDirectories(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());
        for (int member = 0; member < 2; member++)
        {
            var events = ReadRun(Path.Combine(_folder, $"member-0{member + 1}"));
            var history = model.History.Members[member];
            CollectionAssert.AreEqual(history.Steps.Select(s => (s.Step, (float)s.Loss)).ToList(), Scalars(events, "train/loss"));
            CollectionAssert.AreEqual(history.Epochs.Select(e => ((long)e.Epoch, (float)e.TrainingLoss)).ToList(), Scalars(events, "epoch/training_loss"));
            Assert.IsFalse(Tags(events).Any(t => t.StartsWith("weights/", StringComparison.Ordinal) || t.StartsWith("gradients/", StringComparison.Ordinal)));
            Assert.IsFalse(Tags(events).Contains("epoch/validation_loss"), "no validation data");
            string text = Texts(events, "options").Single().Text;
            StringAssert.StartsWith(text, $"Ensemble member {member + 1} of 2; Seed is this member's.\n\n| option | value |");
            StringAssert.Contains(text, $"| Seed | {5 + (1000 * member)} |\n");
        }
        Assert.AreNotEqual(Scalars(ReadRun(Path.Combine(_folder, "member-01")), "train/loss")[0], Scalars(ReadRun(Path.Combine(_folder, "member-02")), "train/loss")[0]);
    }

    [TestMethod]
    public void ResumedFit_ContinuesInANewFileAtTheCheckpointsStep()
    {
        string logs = Path.Combine(_folder, "logs"), checkpoints = Path.Combine(_folder, "checkpoints");
        var data = SyntheticData.Regression(_ml, 100);
        DeepMlpTransformer Fit(long? crashAtBatch)
        {
            var options = Options(logs);
            options.CheckpointDirectory = checkpoints;
            options.ResumeFromCheckpoint = checkpoints;
            options.Callbacks.Add(new CrashAt { CrashAtBatch = crashAtBatch });
            return new DeepMlpRegressionTrainer(options).Fit(data);
        }

        // Batch 10 is in epoch 3; the last checkpoint is epoch 2's, after step 8.
        Assert.ThrowsExactly<SimulatedCrash>(() => Fit(crashAtBatch: 10));
        using var resumed = Fit(crashAtBatch: null);

        var files = Files(logs);
        Assert.HasCount(2, files);
        var crashed = Read(files[0]);
        var continued = Read(files[1]);
        var steps = resumed.History.Steps.Select(s => (s.Step, (float)s.Loss)).ToList();
        CollectionAssert.AreEqual(steps[..10], Scalars(crashed, "train/loss"), "the crashed fit logged every step up to the crash, and resuming repeats them exactly");
        CollectionAssert.AreEqual(steps[8..], Scalars(continued, "train/loss"));
        CollectionAssert.AreEqual(new long[] { 1, 2 }, Scalars(crashed, "epoch/training_loss").Select(s => s.Step).ToList());
        CollectionAssert.AreEqual(new long[] { 3, 4 }, Scalars(continued, "epoch/training_loss").Select(s => s.Step).ToList());
        var (step, text) = Texts(continued, "options").Single();
        Assert.AreEqual(8, step);
        StringAssert.StartsWith(text, "Resumed from a checkpoint after epoch 2, step 8.\n\n| option | value |");
    }

    [TestMethod]
    public void InvalidTensorBoardOptions_AreNamedWithWhatToDo()
    {
        var blank = new DeepMlpRegressionTrainer.Options { TensorBoardLogDirectory = " ", TensorBoardHistogramEveryNEpochs = -1 };
        Directory.CreateDirectory(_folder);
        string file = Path.Combine(_folder, "events.txt");
        File.WriteAllText(file, "");
        var aFile = new DeepMlpRegressionTrainer.Options { TensorBoardLogDirectory = file };

        var blankError = Assert.ThrowsExactly<ArgumentException>(() => new DeepMlpRegressionTrainer(blank));
        var fileError = Assert.ThrowsExactly<ArgumentException>(() => new DeepMlpRegressionTrainer(aFile));

        Assert.AreEqual(
            "Invalid DeepMlp options:" + Environment.NewLine
            + "- TensorBoardLogDirectory is ' ', but must be null (no TensorBoard logging) or a folder path." + Environment.NewLine
            + "- TensorBoardHistogramEveryNEpochs is -1, but must be at least 0 (0: no histograms).",
            blankError.Message);
        Assert.AreEqual(
            "Invalid DeepMlp options:" + Environment.NewLine
            + $"- TensorBoardLogDirectory is '{file}', but must be a folder for the event files, not an existing file (a missing folder is created).",
            fileError.Message);
    }

    private static DeepMlpRegressionTrainer.Options Options(string? folder) => new()
    {
        HiddenLayerSizes = [8, 4], DropoutRate = 0.2, BatchSize = 32, NumberOfEpochs = 4, Seed = 5, TensorBoardLogDirectory = folder,
    };
}
