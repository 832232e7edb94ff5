using MLNetDeep.Checkpoints;
using MLNetDeep.Training.Optimization;

namespace MLNetDeep.Tests.Checkpoints;

/// <summary>The pieces under checkpoints: the callback state, the file container, stateful parts, the options' checks.</summary>
[TestClass]
public sealed class CheckpointStateTests
{
    [TestMethod]
    public void CheckpointState_RoundTripsEveryValueExactly_AndNamesAMissingKey()
    {
        var state = new CheckpointState();
        state.Set("text", "a\"b");
        state.Set("third", 1.0 / 3);
        state.Set("nan", double.NaN);
        state.Set("count", long.MaxValue);
        state.Set("flag", true);
        state.Set("bytes", new byte[] { 0, 255, 7 });

        var back = CheckpointState.FromBytes(state.ToBytes());

        Assert.AreEqual("a\"b", back.GetString("text"));
        Assert.AreEqual(1.0 / 3, back.GetDouble("third"));
        Assert.IsTrue(double.IsNaN(back.GetDouble("nan")));
        Assert.AreEqual(long.MaxValue, back.GetInt64("count"));
        Assert.IsTrue(back.GetBoolean("flag"));
        CollectionAssert.AreEqual(new byte[] { 0, 255, 7 }, back.GetBytes("bytes"));
        var error = Assert.ThrowsExactly<KeyNotFoundException>(() => back.GetString("other"));
        StringAssert.Contains(error.Message, "no key 'other'. Keys written: text, third, nan, count, flag, bytes");
    }

    [TestMethod]
    public void CheckpointFile_DetectsAFlippedBitAndATruncation_AndLeavesNoTemporaryFile()
    {
        string folder = CheckpointTestKit.NewFolder();
        try
        {
            string path = Path.Combine(folder, "a.ckpt");
            CheckpointFile.Write(path, [new("one", [1, 2, 3]), new("two", new byte[1000])]);
            var sections = CheckpointFile.Read(path);
            CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, sections["one"]);
            Assert.HasCount(1000, sections["two"]);
            Assert.AreEqual("a.ckpt", Path.GetFileName(Directory.GetFiles(folder).Single()), "no temporary file is left");

            byte[] bytes = File.ReadAllBytes(path);
            bytes[500] ^= 1;
            File.WriteAllBytes(path, bytes);
            StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => CheckpointFile.Read(path)).Message, "is truncated or damaged: its checksum does not match");
            File.WriteAllBytes(path, bytes[..20]);
            StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => CheckpointFile.Read(path)).Message, "is not an MLNetDeep checkpoint, or it is truncated (20 bytes)");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void LossScaler_AndMixupDraws_ContinueWhereTheyWere()
    {
        var scaler = new DynamicLossScaler(initialScale: 1024, growthInterval: 3);
        scaler.Update(finite: false);
        scaler.Update(finite: true);
        var state = new CheckpointState();
        scaler.Save(state);
        var restored = new DynamicLossScaler(initialScale: 1024, growthInterval: 3);   // configuration comes from the options, state from the checkpoint
        restored.Restore(state);
        scaler.Update(finite: true);
        scaler.Update(finite: true);
        restored.Update(finite: true);
        restored.Update(finite: true);
        Assert.AreEqual(1024.0, restored.Scale, "halved to 512, then doubled after 3 good steps");
        Assert.AreEqual(scaler.Scale, restored.Scale);

        var random = new ReplayableRandom(5);
        for (int i = 0; i < 7; i++)
            random.NextDouble();
        var draws = new CheckpointState();
        random.Save(draws);
        var replayed = new ReplayableRandom(5);
        replayed.Restore(draws);
        Assert.AreEqual(random.NextDouble(), replayed.NextDouble());
    }

    [TestMethod]
    public void InvalidCheckpointOptions_AreNamed()
    {
        var options = new DeepMlpRegressionTrainer.Options
        {
            CheckpointDirectory = " ", ResumeFromCheckpoint = "", CheckpointEveryNEpochs = -1, CheckpointsToKeep = 0,
        };
        var error = Assert.ThrowsExactly<ArgumentException>(() => new DeepMlpRegressionTrainer(options));
        StringAssert.Contains(error.Message, "CheckpointDirectory is ' ', but must be null or a folder path.");
        StringAssert.Contains(error.Message, "ResumeFromCheckpoint is '', but must be null or the path of a checkpoint file or folder.");
        StringAssert.Contains(error.Message, "CheckpointEveryNEpochs is -1, but must be at least 0");
        StringAssert.Contains(error.Message, "CheckpointsToKeep is 0, but must be at least 1.");

        var never = new DeepMlpRegressionTrainer.Options { CheckpointDirectory = "x", CheckpointEveryNEpochs = 0, CheckpointOnBest = false };
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new DeepMlpRegressionTrainer(never)).Message, "no checkpoint would ever be written");
    }
}
