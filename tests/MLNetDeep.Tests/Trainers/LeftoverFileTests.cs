using Microsoft.ML;

namespace MLNetDeep.Tests.Trainers;

/// <summary>Files a fit writes are readable by the owner only, and the spill files of killed fits are deleted by the next fit.</summary>
[TestClass]
public sealed class LeftoverFileTests : TemporaryFolderTest
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    public void StreamingFit_DeletesSpillFilesOfDeadProcesses_KeepsLiveOnes_AndItsOwnIsOwnerOnlyAndGone()
    {
        string dead = Path.Combine(Folder, "mlnetdeep-999999999-0123456789abcdef.rows");
        string live = Path.Combine(Folder, $"mlnetdeep-{Environment.ProcessId}-fedcba9876543210.rows");
        File.WriteAllBytes(dead, new byte[24]);
        File.WriteAllBytes(live, new byte[24]);
        var spill = new SpillWatcher(Folder, [dead, live]);
        var options = new DeepMlpRegressionTrainer.Options
        {
            HiddenLayerSizes = [4], NumberOfEpochs = 1, Seed = 1, MaxCacheSizeInMegabytes = 0, SpillDirectory = Folder,
        };
        options.Callbacks.Add(spill);

        new DeepMlpRegressionTrainer(options).Fit(SyntheticData.Regression(_ml, 50));

        Assert.IsFalse(File.Exists(dead), "the killed process's spill file is deleted");
        Assert.IsTrue(File.Exists(live), "a running process's spill file is kept");
        Assert.HasCount(1, spill.Seen, "the fit spilled its rows");
        if (!OperatingSystem.IsWindows())
            Assert.AreEqual(OwnerOnly, spill.Modes[0]);
        Assert.IsFalse(File.Exists(spill.Seen[0]), "the fit deletes its own spill file");
    }

    [TestMethod]
    public void Checkpoints_AreOwnerOnly()
    {
        var options = new DeepMlpRegressionTrainer.Options { HiddenLayerSizes = [4], NumberOfEpochs = 1, Seed = 1, CheckpointDirectory = Folder };

        new DeepMlpRegressionTrainer(options).Fit(SyntheticData.Regression(_ml, 50));

        string[] checkpoints = Directory.GetFiles(Folder, "*.ckpt");
        Assert.IsNotEmpty(checkpoints);
        if (OperatingSystem.IsWindows())
            return;
        foreach (string file in checkpoints)
            Assert.AreEqual(OwnerOnly, File.GetUnixFileMode(file), file);
    }

    /// <summary>Records the spill files (other than <paramref name="known"/>) present while training runs, with their modes.</summary>
    private sealed class SpillWatcher(string folder, string[] known) : TrainingCallback
    {
        public List<string> Seen { get; } = [];

        public List<UnixFileMode> Modes { get; } = [];

        public override void OnEpochBegin(TrainingContext context)
        {
            foreach (string file in Directory.GetFiles(folder, "*.rows").Except(known))
            {
                Seen.Add(file);
                Modes.Add(OperatingSystem.IsWindows() ? default : File.GetUnixFileMode(file));
            }
        }
    }
}
