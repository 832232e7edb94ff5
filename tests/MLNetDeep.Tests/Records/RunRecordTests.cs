using Microsoft.ML;
using MLNetDeep.Scoring;
using MLNetDeep.Tests.Trainers;

namespace MLNetDeep.Tests.Records;

/// <summary>Every fit leaves a run record: in the run log (one JSON line per fit, failed fits too) and inside the saved model.</summary>
[TestClass]
public sealed class RunRecordTests : TemporaryFolderTest
{
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    public void RunLog_GetsOneLinePerFit_WithOptionsSeedDataVersionsHistoryAndResults()
    {
        string log = Path.Combine(Folder, "runs.jsonl");
        var options = Options();
        options.RunLogPath = log;
        var data = SyntheticData.Regression(_ml, 100);

        var first = new DeepMlpRegressionTrainer(options).Fit(data);
        new DeepMlpRegressionTrainer(options).Fit(data);

        string[] lines = File.ReadAllLines(log);
        Assert.HasCount(2, lines);
        var record = RunRecord.Parse(lines[0]);
        Assert.AreEqual(first.RunRecord!.ToJson(), record.ToJson(), "the log holds the model's record");
        Assert.AreEqual(("Completed", "regression", SyntheticData.FeatureCount, 3, "the options"), (record.Status, record.Task, record.FeatureCount, record.Seed, record.SeedSource));
        Assert.AreEqual("cpu", record.Device);
        Assert.AreEqual("[8]", record.Options["HiddenLayerSizes"]);
        Assert.AreEqual("3", record.Options["Seed"]);
        Assert.AreEqual(log, record.Options["RunLogPath"]);
        StringAssert.StartsWith(record.DataFingerprint, "80 training rows, 20 validation rows, cached, content ");
        foreach (string component in (string[])["MLNetDeep", "TorchSharp", "ML.NET", ".NET", "OS"])
            Assert.IsFalse(string.IsNullOrEmpty(record.Versions[component]), component);
        CollectionAssert.AreEqual(first.History.Epochs.ToList(), record.Epochs.ToList());
        Assert.AreEqual(first.History.Epochs[first.History.SelectedEpoch - 1], record.Final);
        Assert.AreEqual("RSquared", record.ValidationMetricName);
        Assert.IsGreaterThan(0.0, record.DurationSeconds);
        CollectionAssert.AreEqual(first.History.Notes.ToList(), record.Notes.ToList());
    }

    [TestMethod]
    public void FailedFit_IsLoggedWithItsError_AndCheckpointRunsLogBesideTheirCheckpoints()
    {
        var options = Options();
        options.CheckpointDirectory = Path.Combine(Folder, "checkpoints");
        options.Optimizer = OptimizerAlgorithm.Sgd;
        options.LearningRate = 100;
        options.LearningRateSchedule = LearningRateSchedule.Constant;

        var error = Assert.ThrowsExactly<TrainingDivergedException>(() => new DeepMlpRegressionTrainer(options).Fit(SyntheticData.Regression(_ml, 100)));

        var record = RunRecord.Parse(File.ReadAllLines(Path.Combine(options.CheckpointDirectory, "runs.jsonl")).Single());
        Assert.AreEqual("Failed", record.Status);
        Assert.AreEqual(error.Message, record.Error);
        Assert.AreEqual(error.History.Epochs.Count, record.Epochs.Count);
    }

    [TestMethod]
    public void SavedPipeline_CarriesTheRecord_WhichTheScoringPackageReadsBack_AndStockLoadingIgnores()
    {
        var data = SyntheticData.Binary(_ml, 100);
        var pipeline = _ml.Transforms.NormalizeMinMax("Features").Append(new DeepMlpBinaryTrainer(_ml, new DeepMlpBinaryTrainer.Options { HiddenLayerSizes = [8], NumberOfEpochs = 2, Seed = 3 }));
        var model = pipeline.Fit(data);
        string path = Path.Combine(Folder, "model.zip");
        _ml.Model.Save(model, data.Schema, path);

        var records = MLNetDeepScoring.ReadRunRecords(path);

        Assert.HasCount(1, records);
        Assert.AreEqual(model.LastTransformer.RunRecord!.ToJson(), records[0]);
        Assert.AreEqual("binary classification", RunRecord.Parse(records[0]).Task);
        var loaded = _ml.Model.Load(path, out _);
        CollectionAssert.AreEqual(SyntheticData.Scores(model.Transform(data)), SyntheticData.Scores(loaded.Transform(data)));
        using var stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Compatibility", "v0.1.0", "binary.zip"));
        Assert.IsEmpty(MLNetDeepScoring.ReadRunRecords(stream), "a zip saved before records existed has none");
    }

    [TestMethod]
    public void InvalidRunLogPath_IsNamed()
    {
        var options = new DeepMlpRegressionTrainer.Options { RunLogPath = Path.Combine(Folder, "missing", "runs.jsonl") };
        var error = Assert.ThrowsExactly<ArgumentException>(() => new DeepMlpRegressionTrainer(options));
        StringAssert.Contains(error.Message, "RunLogPath is '");
        StringAssert.Contains(error.Message, "but must be null or a file path in an existing folder.");
    }

    private static DeepMlpRegressionTrainer.Options Options() => new()
    {
        HiddenLayerSizes = [8], BatchSize = 20, NumberOfEpochs = 3, ValidationFraction = 0.2, Seed = 3,
    };
}
