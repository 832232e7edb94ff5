using System.Globalization;
using System.Text.RegularExpressions;
using MLNetDeep.Tests.Plots;

namespace MLNetDeep.Tests.Examples;

/// <summary>
/// examples/MLNetDeep.Demo (the README's first command) runs end to end on a tiny budget and prints what its README
/// shows: every model ranks the test rows well even after one DeepMlp epoch, and the reloaded zip gives the trained
/// pipeline's probabilities.
/// </summary>
[TestClass]
public sealed partial class DemoExampleTests
{
    /// <summary>The test AUC every model clears on spambase, DeepMlp after one epoch (it reached 0.958 there, the trees 0.98).</summary>
    private const double MinimumAuc = 0.9;

    /// <summary>
    /// What every model clears with <c>--all</c>, DeepMlp after one epoch (it reached micro-accuracy 0.87 and R² 0.94
    /// there; the largest satellite class is about 24% of the rows).
    /// </summary>
    private static readonly (string Metric, double Floor)[] AllFloors = [("Micro-accuracy", 0.7), ("R²", 0.8)];

    [TestMethod]
    public void Demo_OnATinyBudget_ComparesWithFastTreeAndLightGbm_SavesReloadsAndPredicts()
    {
        string output = ExampleRunner.Run("MLNetDeep.Demo", TimeSpan.FromMinutes(3), AssertHistoryFilesWritten, "--epochs", "1");

        StringAssert.Contains(output, "== Spambase (binary classification, 57 features) ==");
        StringAssert.Contains(output, "  DeepMlp on spambase: epoch 1/1: loss ");
        StringAssert.Matches(output, new Regex(@"^Metric +DeepMlp +FastTree +LightGbm$", RegexOptions.Multiline));
        foreach (string metric in new[] { "Accuracy", "Balanced accuracy", "Precision", "Recall", "F1", "AUC", "AUPRC", "Log-loss" })
            StringAssert.Matches(output, new Regex($@"^{Regex.Escape(metric)} +\d+\.\d{{4}} +\d+\.\d{{4}} +\d+\.\d{{4}}$", RegexOptions.Multiline), metric);
        var auc = Regex.Match(output, @"(?m)^AUC +(?<deep>\d\.\d{4}) +(?<tree>\d\.\d{4}) +(?<lightGbm>\d\.\d{4})\s*$");
        foreach (string model in new[] { "deep", "tree", "lightGbm" })
            Assert.IsTrue(double.Parse(auc.Groups[model].Value, CultureInfo.InvariantCulture) > MinimumAuc, $"{model} AUC above {MinimumAuc}:\n{output}");
        StringAssert.Matches(output, new Regex(@"^Fit time \(s\): DeepMlp \d+\.\d, FastTree \d+\.\d, LightGbm \d+\.\d\s*$", RegexOptions.Multiline));
        StringAssert.Contains(output, "Saved the DeepMlp pipeline to ");
        StringAssert.Contains(output,
            "Saved its training history (history.csv, history-steps.csv, history.json) and plots (loss.png, metric.png, learning-rate.png) beside it");
        var agreement = Regex.Match(output, @"probability is the trained pipeline's \(within 1e-5\) for (?<agree>\d+) of (?<all>\d+) test rows");
        Assert.IsTrue(agreement.Success, output);
        Assert.AreEqual(agreement.Groups["all"].Value, agreement.Groups["agree"].Value, output);
        Assert.IsTrue(int.Parse(agreement.Groups["all"].Value, CultureInfo.InvariantCulture) > 800, "every test row is compared");
        Assert.AreEqual(8, PredictionRow().Count(output), output);
    }

    [TestMethod]
    public void Demo_All_OnATinyBudget_ReportsSatelliteAndDiamondsForAllThreeModels()
    {
        string output = ExampleRunner.Run("MLNetDeep.Demo", TimeSpan.FromMinutes(6), "--all", "--epochs", "1");

        StringAssert.Contains(output, "== Satellite (multiclass, 6 classes) ==");
        StringAssert.Contains(output, "== Diamonds (regression, price) ==");
        Assert.AreEqual(3, Regex.Count(output, @"(?m)^Metric +DeepMlp +FastTree +LightGbm\s*$"), $"one report per task:\n{output}");
        foreach (var (metric, floor) in AllFloors)
        {
            var row = Regex.Match(output, $@"(?m)^{Regex.Escape(metric)} +(?<deep>\d+\.\d{{4}}) +(?<tree>\d+\.\d{{4}}) +(?<lightGbm>\d+\.\d{{4}})\s*$");
            Assert.IsTrue(row.Success, $"{metric}:\n{output}");
            foreach (string model in new[] { "deep", "tree", "lightGbm" })
                Assert.IsTrue(double.Parse(row.Groups[model].Value, CultureInfo.InvariantCulture) > floor, $"{model} {metric} above {floor}:\n{output}");
        }
        Assert.AreEqual(3, Regex.Count(output, @"(?m)^Fit time \(s\): DeepMlp \d+\.\d, FastTree( \(one versus all\))? \d+\.\d, LightGbm \d+\.\d\s*$"), output);
    }

    /// <summary>The history files and plots beside out/model.zip: one epoch in the CSV, the JSON loads, 800×500 PNGs.</summary>
    private static void AssertHistoryFilesWritten(string workingFolder)
    {
        string folder = Path.Combine(workingFolder, "out");
        Assert.IsTrue(File.Exists(Path.Combine(folder, "model.zip")));
        string[] csv = File.ReadAllLines(Path.Combine(folder, "history.csv"));
        Assert.AreEqual(2, csv.Length, "header and epoch 1");
        Assert.AreEqual(TrainingHistory.EpochCsvHeader, csv[0]);
        StringAssert.StartsWith(File.ReadAllLines(Path.Combine(folder, "history-steps.csv"))[1], "0,1,1,");
        var history = TrainingHistory.LoadJson(Path.Combine(folder, "history.json"));
        Assert.AreEqual(1, history.Epochs.Count);
        Assert.AreEqual("Accuracy", history.ValidationMetricName);
        foreach (string plot in new[] { "loss.png", "metric.png", "learning-rate.png" })
            Assert.AreEqual((800, 500), TrainingHistoryPlotsTests.PngSize(Path.Combine(folder, plot)), plot);
    }

    /// <summary>"  spam     spam          0.9876": actual class, predicted class, probability.</summary>
    [GeneratedRegex(@"^  (spam|nonspam) +(spam|nonspam) +[01]\.\d{4}\s*$", RegexOptions.Multiline)]
    private static partial Regex PredictionRow();
}
