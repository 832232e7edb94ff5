using System.Globalization;
using System.Text.RegularExpressions;

namespace MLNetDeep.Tests.Examples;

/// <summary>
/// examples/MLNetDeep.Checkpoints runs end to end on a tiny budget: the first fit is cancelled after epoch 2, the resumed
/// fit trains from epoch 3 to the end, and it equals the uninterrupted fit with the same seed (losses and test probabilities).
/// </summary>
[TestClass]
public sealed partial class CheckpointsExampleTests
{
    [TestMethod]
    public void Example_CancelledAfterEpoch2_ResumesAtEpoch3_AndEqualsTheUninterruptedFit()
    {
        string[] checkpoints = [];
        string output = ExampleRunner.Run("MLNetDeep.Checkpoints", TimeSpan.FromMinutes(3),
            folder => checkpoints = [.. Directory.GetFiles(Path.Combine(folder, "out", "checkpoints")).Select(Path.GetFileName).Order(StringComparer.Ordinal)!],
            "--sample", "0.2", "--epochs", "8", "--stop-after", "2");

        StringAssert.Contains(output, "First run:   epochs 1-2 completed, then cancelled during epoch 3");
        StringAssert.Contains(output, "left in the folder: best.ckpt, epoch-0001.ckpt, epoch-0002.ckpt, runs.jsonl");
        var resumed = Resumed().Match(output);
        Assert.IsTrue(resumed.Success, output);
        Assert.AreEqual(3, Number(resumed, "from"), "the resumed fit continues after the last checkpoint");
        Assert.AreEqual(Number(resumed, "to"), Number(resumed, "held"), "the resumed history holds every epoch, the first run's too");
        StringAssert.Matches(output, new Regex(@"Resumed from checkpoint '.*epoch-0002\.ckpt' \(epoch 2, step \d+,"));

        StringAssert.Matches(output, new Regex(@"^  Canceled +2 epochs, seed 1 from the options\s*$", RegexOptions.Multiline));
        StringAssert.Matches(output, new Regex(@$"^  Completed +{Number(resumed, "to")} epochs, seed 1 from the checkpoint '.*epoch-0002\.ckpt'\s*$", RegexOptions.Multiline));

        var early = EarlyStopping().Match(output);
        Assert.IsTrue(early.Success, output);
        Assert.IsTrue(Number(early, "restored") >= 1 && Number(early, "restored") <= Number(resumed, "to"), output);
        var uninterrupted = Uninterrupted().Match(output);
        Assert.IsTrue(uninterrupted.Success, output);
        Assert.AreEqual(Number(resumed, "to"), Number(uninterrupted, "epochs"), output);
        Assert.AreEqual(Number(early, "restored"), Number(uninterrupted, "restored"), output);
        StringAssert.Contains(output, "per-epoch training and validation losses equal to the resumed run's: yes");
        StringAssert.Matches(output, new Regex(@"largest difference of a test probability \(resumed - uninterrupted\) over 937 rows: 0\s*$", RegexOptions.Multiline));

        var metrics = Metrics().Matches(output);
        Assert.AreEqual(2, metrics.Count, output);
        Assert.AreEqual(metrics[0].Groups["figures"].Value, metrics[1].Groups["figures"].Value, "the resumed and uninterrupted models score the test rows alike");
        // The resumed fit wrote into the same folder: the last epoch's checkpoint is there, the first run's early ones are pruned.
        CollectionAssert.Contains(checkpoints, $"epoch-{Number(resumed, "to"):D4}.ckpt");
        CollectionAssert.DoesNotContain(checkpoints, "epoch-0001.ckpt");
    }

    private static int Number(Match match, string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^Resumed run: epochs (?<from>\d+)-(?<to>\d+) trained; its history holds epochs 1-(?<held>\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex Resumed();

    [GeneratedRegex(@"^Early stopping: (stopped after epoch \d+ of at most 8|did not stop early \(all 8 epochs ran\)); restored epoch (?<restored>\d+) \(validation loss \d\.\d{4}\)\s*$", RegexOptions.Multiline)]
    private static partial Regex EarlyStopping();

    [GeneratedRegex(@"^Uninterrupted fit, same seed: (?<epochs>\d+) epochs, restored epoch (?<restored>\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex Uninterrupted();

    [GeneratedRegex(@"^  (resumed|uninterrupted) +(?<figures>accuracy 0\.\d{4}, AUC 0\.\d{4}, log-loss \d+\.\d{4})\s*$", RegexOptions.Multiline)]
    private static partial Regex Metrics();
}
