using System.Globalization;
using System.Text.RegularExpressions;
using MLNetDeep.Examples;

namespace MLNetDeep.Tests.Examples;

/// <summary>
/// examples/MLNetDeep.Imbalanced runs end to end on a tiny budget: spambase thinned to one spam row in 12, then three
/// DeepMlp fits. Both remedies raise the mean predicted spam probability above the unweighted fit's (the calibration
/// cost the README describes) and do not lower spam recall; each row's balanced accuracy is the mean of its two recalls, and
/// weighted sampling gives other figures than loss weights.
/// </summary>
[TestClass]
public sealed partial class ImbalancedExampleTests
{
    /// <summary>The table's rows, in order.</summary>
    private static readonly string[] Remedies = ["no remedy", "ClassWeighting = Balanced", "WeightedSampling = true"];

    /// <summary>The named groups of <see cref="Row()"/> that hold numbers.</summary>
    private static readonly string[] Columns = ["spam", "nonspam", "balanced", "precision", "auc", "logloss", "meanP"];

    [TestMethod]
    public void Example_OnATinyBudget_ComparesNoRemedyClassWeightsAndWeightedSampling()
    {
        string output = ExampleRunner.Run("MLNetDeep.Imbalanced", TimeSpan.FromMinutes(3), "--epochs", "5", "--seeds", "1");

        var labels = File.ReadLines(BundledDatasets.PathOf("spambase.csv")).Skip(1).Select(line => line[(line.LastIndexOf(',') + 1)..]).ToList();
        int spam = labels.Count(l => l == "\"spam\""), nonspam = labels.Count(l => l == "\"nonspam\"");
        int kept = (spam + 11) / 12;
        StringAssert.Contains(output, FormattableString.Invariant($"Spambase thinned: {kept} spam of {nonspam + kept} rows"));
        StringAssert.Contains(output, FormattableString.Invariant($"kept 1 spam row in 12 of {spam}"));

        var rows = Row().Matches(output).ToDictionary(m => m.Groups["remedy"].Value,
            m => Columns.ToDictionary(c => c, c => double.Parse(m.Groups[c].Value, CultureInfo.InvariantCulture)));
        CollectionAssert.AreEquivalent(Remedies, rows.Keys.ToArray(), output);
        foreach (var (remedy, r) in rows)
            Assert.AreEqual((r["spam"] + r["nonspam"]) / 2, r["balanced"], 1e-4, $"{remedy}: balanced accuracy is the mean of the two recalls\n{output}");
        var none = rows["no remedy"];
        foreach (string remedy in Remedies.Skip(1))
        {
            Assert.IsTrue(rows[remedy]["meanP"] > none["meanP"], $"{remedy} raises the mean spam probability:\n{output}");
            Assert.IsTrue(rows[remedy]["spam"] >= none["spam"], $"{remedy} does not lower spam recall:\n{output}");
        }
        var weighted = rows["ClassWeighting = Balanced"];
        Assert.IsTrue(Columns.Any(c => rows["WeightedSampling = true"][c] != weighted[c]),
            $"weighted sampling is a different fit from loss weights (same weights, applied by drawing rows):\n{output}");
        StringAssert.Matches(output, new Regex(@"Spam rate in the test rows: 0\.0\d{3} "));
    }

    /// <summary>A remedy's row: spam recall, nonspam recall, balanced accuracy, precision, AUC, log-loss, mean P(spam).</summary>
    [GeneratedRegex(@"^  (?<remedy>no remedy|ClassWeighting = Balanced|WeightedSampling = true) +(?<spam>\d\.\d{4}) +(?<nonspam>\d\.\d{4}) +(?<balanced>\d\.\d{4}) +(?<precision>\d\.\d{4}) +(?<auc>\d\.\d{4}) +(?<logloss>\d+\.\d{4}) +(?<meanP>\d\.\d{4})\s*$", RegexOptions.Multiline)]
    private static partial Regex Row();
}
