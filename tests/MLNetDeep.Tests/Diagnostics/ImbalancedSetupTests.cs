using Microsoft.ML;
using MLNetDeep.Records;
using static MLNetDeep.Tests.Trainers.SyntheticData;

namespace MLNetDeep.Tests.Diagnostics;

/// <summary>Checks that must hold on very imbalanced data, and a run log shared by concurrent fits.</summary>
[TestClass]
public sealed class ImbalancedSetupTests : TemporaryFolderTest
{
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    public void LabelCopy_IsFlagged_EvenWhenOneClassHolds995PerMille()
    {
        // 1,000 rows, 5 positives; feature 2 copies the label.
        var rows = Features(1000, seed: 3).Select((x, i) => { bool label = i % 200 == 0; return new BinaryRow { Features = [x[0], x[1], label ? 1 : 0, x[3]], Label = label }; }).ToList();
        var trainer = new DeepMlpBinaryTrainer(new DeepMlpBinaryTrainer.Options { Seed = 1, HiddenLayerSizes = [8] });

        var report = trainer.CheckSetup(_ml.Data.LoadFromEnumerable(rows));

        var leak = report[SetupCheckNames.SingleFeatureLeak];
        Assert.AreEqual(SetupStatus.Warn, leak.Status, report.ToString());
        Assert.AreEqual(1, leak.Figures["features at or above threshold"]);
        Assert.AreEqual(Math.Log(2), report[SetupCheckNames.InitialLoss].Figures["expected loss"], 1e-12, "ln K: an initialized network predicts about uniform probabilities");
    }

    [TestMethod]
    public void RunLog_AppendedByManyFitsAtOnce_KeepsEveryLineWhole()
    {
        string path = Path.Combine(Folder, "runs.jsonl");
        var record = new RunRecord { Task = "regression", Notes = [new string('x', 20_000)] };   // long lines make overlaps likely

        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ => RunLog.Append(path, record));

        string[] lines = File.ReadAllLines(path);
        Assert.HasCount(64, lines);
        foreach (string line in lines)
            Assert.AreEqual(record.ToJson(), RunRecord.Parse(line).ToJson());
    }
}
