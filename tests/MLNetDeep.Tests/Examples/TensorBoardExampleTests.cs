using System.Globalization;
using System.Text.RegularExpressions;
using MLNetDeep.Tests.Training;
using Tensorboard;

namespace MLNetDeep.Tests.Examples;

/// <summary>
/// examples/MLNetDeep.TensorBoard writes one run folder per learning rate under --logdir, each with one event file that
/// holds the step, epoch, layer, histogram and text tags its README lists and one <c>train/loss</c> per step it reports,
/// and prints the <c>tensorboard --logdir</c> command for that folder.
/// </summary>
[TestClass]
public sealed partial class TensorBoardExampleTests
{
    private static readonly string[] ExpectedTags =
    [
        "train/loss", "train/learning_rate", "epoch/training_loss", "epoch/validation_loss", "epoch/Accuracy",
        "layers/hidden1/gradient_norm", "layers/hidden2/dead_unit_fraction", "weights/hidden1.linear.weight",
        "gradients/output.bias", "options/text_summary",
    ];

    [TestMethod]
    public void Example_WritesOneRunPerLearningRate_WithTheDocumentedTags()
    {
        const int Epochs = 5;
        var runs = new Dictionary<string, List<Event>>();
        string output = ExampleRunner.Run("MLNetDeep.TensorBoard", TimeSpan.FromMinutes(2), folder =>
        {
            foreach (string run in Directory.GetDirectories(Path.Combine(folder, "logs")))
                runs[run] = TensorBoardEvents.ReadRun(run); // exactly one event file per run folder
        }, "--epochs", Epochs.ToString(CultureInfo.InvariantCulture), "--sample", "0.3", "--logdir", "logs");

        var reported = RunLines().Matches(output);
        Assert.HasCount(2, runs, "one run folder per learning rate");
        Assert.HasCount(2, reported, output);
        foreach (Match line in reported)
        {
            string folder = line.Groups["folder"].Value;
            Assert.IsTrue(runs.TryGetValue(folder, out var events), $"the printed folder {folder} is one of {string.Join(", ", runs.Keys)}");
            var tags = TensorBoardEvents.Tags(events);
            foreach (string tag in ExpectedTags)
                Assert.Contains(tag, tags, $"{folder} has {tag}; it has {string.Join(", ", tags)}");

            int steps = int.Parse(line.Groups["steps"].Value, CultureInfo.InvariantCulture);
            Assert.HasCount(steps, TensorBoardEvents.Scalars(events, "train/loss"), "one train/loss per reported step");
            CollectionAssert.AreEqual(Enumerable.Range(1, Epochs).Select(e => (long)e).ToList(),
                TensorBoardEvents.Scalars(events, "epoch/training_loss").Select(s => s.Step).ToList(), "one epoch/training_loss per epoch");

            // The two runs differ in their learning rate only: each logged schedule peaks at its run's rate.
            double rate = double.Parse(line.Groups["lr"].Value, CultureInfo.InvariantCulture);
            Assert.AreEqual(rate, TensorBoardEvents.Scalars(events, "train/learning_rate").Max(s => s.Value), rate * 1e-3, folder);
        }
        Assert.MatchesRegex(new Regex(@"tensorboard --logdir "".+[/\\]logs"""), output);
    }

    [GeneratedRegex(@"^Learning rate (?<lr>[\d.]+): (?<steps>\d+) steps, \d+ epochs;.*\r?\n +run folder +(?<folder>\S+)\r?$", RegexOptions.Multiline)]
    private static partial Regex RunLines();
}
