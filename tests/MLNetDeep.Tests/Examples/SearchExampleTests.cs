using System.Globalization;
using System.Text.RegularExpressions;
using MLNetDeep.Tests.Plots;

namespace MLNetDeep.Tests.Examples;

/// <summary>
/// examples/MLNetDeep.Search runs end to end on a tiny budget (3 trials of at most 3 epochs on a 30% sample of
/// spambase): it prints the split, a line per trial, the trial table with the best trial marked, the best trial and
/// the test report of the refit, and writes search.csv and search-best-so-far.png.
/// </summary>
[TestClass]
public sealed partial class SearchExampleTests
{
    [TestMethod]
    public void Example_OnATinyBudget_PrintsTheTrialsAndTheTestReport_AndWritesTheCsvAndPlot()
    {
        string output = ExampleRunner.Run("MLNetDeep.Search", TimeSpan.FromMinutes(2), AssertFilesWritten, "--trials", "3", "--epochs", "3", "--sample", "0.3");

        StringAssert.Matches(output, SplitLine());
        Assert.AreEqual(3, ProgressLine().Count(output), output);
        var rows = TrialRow().Matches(output);
        Assert.AreEqual(3, rows.Count, output);
        Assert.AreEqual(1, rows.Count(r => r.Groups["best"].Success), output);
        Assert.AreEqual("0 1 2", string.Join(' ', rows.Select(r => r.Groups["number"].Value)), output);
        var best = BestLine().Match(output);
        Assert.IsTrue(best.Success, output);
        Assert.AreEqual(rows.Single(r => r.Groups["best"].Success).Groups["number"].Value, best.Groups["number"].Value, output);
        StringAssert.Matches(output, new Regex(@"^Log-loss +\d+\.\d{4}\s*$", RegexOptions.Multiline));
        var auc = TestAuc().Match(output);
        Assert.IsTrue(auc.Success, output);
        Assert.IsTrue(double.Parse(auc.Groups["auc"].Value, CultureInfo.InvariantCulture) > 0.8, output);
        StringAssert.Contains(output, "Wrote the trials to ");
        StringAssert.Contains(output, "Wrote the best-so-far plot to ");
    }

    /// <summary>out/search.csv has a header and one row per trial; out/search-best-so-far.png is an 800×500 PNG.</summary>
    private static void AssertFilesWritten(string workingFolder)
    {
        string folder = Path.Combine(workingFolder, "out");
        string[] csv = File.ReadAllLines(Path.Combine(folder, "search.csv"));
        Assert.AreEqual(4, csv.Length, string.Join("\n", csv));
        StringAssert.StartsWith(csv[0], "trial,state,LearningRate,BatchSize,HiddenLayerSizes,DropoutRate,WeightDecay,Normalizer,objective,");
        Assert.AreEqual((800, 500), TrainingHistoryPlotsTests.PngSize(Path.Combine(folder, "search-best-so-far.png")));
    }

    [GeneratedRegex(@"^Split \d+ rows \(stratified by 'Label', seed 1 from the options\): \d+ training, \d+ validation, \d+ test rows\.\s*$", RegexOptions.Multiline)]
    private static partial Regex SplitLine();

    [GeneratedRegex(@"^  trial [0-2] \([1-3]/3 done\): (Completed|Pruned|Failed) after [1-3] epochs; ", RegexOptions.Multiline)]
    private static partial Regex ProgressLine();

    /// <summary>A row of the trial table: "*0     Completed  0.001668  256  [512, 256] ...".</summary>
    [GeneratedRegex(@"^(?<best>\*)?(?<number>\d+) +(Completed|Pruned|Failed) +\d", RegexOptions.Multiline)]
    private static partial Regex TrialRow();

    [GeneratedRegex(@"^Best trial (?<number>\d+): validation Log-loss \d+\.\d{4}, AUC \d\.\d{4}, kept epoch [1-3] of [1-3]\s*$", RegexOptions.Multiline)]
    private static partial Regex BestLine();

    [GeneratedRegex(@"^AUC +(?<auc>\d\.\d{4})\s*$", RegexOptions.Multiline)]
    private static partial Regex TestAuc();
}
