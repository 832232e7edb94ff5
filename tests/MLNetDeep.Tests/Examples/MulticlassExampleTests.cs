using System.Globalization;
using System.Text.RegularExpressions;

namespace MLNetDeep.Tests.Examples;

/// <summary>
/// examples/MLNetDeep.Multiclass runs end to end on a tiny budget: the report names the six satellite classes, the
/// reloaded zip predicts what the trained pipeline predicted, and the printed predictions are class names with a
/// probability at least as large as the runner-up's; two epochs on a 20% sample already classify most test rows right.
/// </summary>
[TestClass]
public sealed partial class MulticlassExampleTests
{
    /// <summary>The test micro-accuracy the tiny budget clears (it reached 0.85; the largest class is about 24% of the rows).</summary>
    private const double MinimumMicroAccuracy = 0.7;

    /// <summary>The six classes of examples/data/satellite.csv.</summary>
    private static readonly string[] ClassNames = ["red soil", "cotton crop", "grey soil", "damp grey soil", "vegetation stubble", "very damp grey soil"];

    [TestMethod]
    public void Example_OnATinyBudget_ReportsByClassName_AndTheReloadedModelAgrees()
    {
        string output = ExampleRunner.Run("MLNetDeep.Multiclass", TimeSpan.FromMinutes(3),
            folder => Assert.IsTrue(new FileInfo(Path.Combine(folder, "out", "satellite-model.zip")).Length > 0, "the model zip is written"),
            "--sample", "0.2", "--epochs", "2");

        var rows = Regex.Match(output, @"Multiclass classification, (?<rows>\d+) rows, 6 classes");
        Assert.IsTrue(rows.Success, output);
        var micro = Metric("Micro-accuracy").Match(output);
        Assert.IsTrue(micro.Success, output);
        Assert.IsTrue(double.Parse(micro.Groups["value"].Value, CultureInfo.InvariantCulture) > MinimumMicroAccuracy, $"micro-accuracy above {MinimumMicroAccuracy}:\n{output}");
        StringAssert.Matches(output, Metric("Macro-accuracy"));
        StringAssert.Matches(output, Metric("Log-loss"));
        var classRows = ClassRow().Matches(output).Where(m => ClassNames.Contains(m.Groups["name"].Value.Trim())).ToList();
        Assert.AreEqual(6, classRows.Select(m => m.Groups["name"].Value.Trim()).Distinct().Count(), output);
        Assert.AreEqual(long.Parse(rows.Groups["rows"].Value, CultureInfo.InvariantCulture), classRows.Sum(m => long.Parse(m.Groups["support"].Value, CultureInfo.InvariantCulture)),
            "the supports add up to the test rows");
        StringAssert.Contains(output, "Truth \\ Predicted");

        var agreement = Regex.Match(output, @"same class as the trained one for (?<agree>\d+) of (?<all>\d+) test rows");
        Assert.IsTrue(agreement.Success, output);
        Assert.AreEqual(agreement.Groups["all"].Value, agreement.Groups["agree"].Value, output);
        Assert.AreEqual(rows.Groups["rows"].Value, agreement.Groups["all"].Value, output);

        var predictions = PredictionRow().Matches(output);
        Assert.AreEqual(8, predictions.Count, output);
        foreach (Match p in predictions)
        {
            double best = double.Parse(p.Groups["p"].Value, CultureInfo.InvariantCulture), second = double.Parse(p.Groups["p2"].Value, CultureInfo.InvariantCulture);
            Assert.IsTrue(best >= second && best <= 1 && best >= 1.0 / 6, p.Value);
            Assert.AreNotEqual(p.Groups["predicted"].Value.Trim(), p.Groups["second"].Value.Trim(), p.Value);
        }
    }

    /// <summary>A metrics-table line: the metric's name, then a value with four decimals.</summary>
    private static Regex Metric(string name) => new("(?m)^" + Regex.Escape(name) + @" +(?<value>\d\.\d{4})\s*$");

    /// <summary>"grey soil   272   0.8000   0.9000   0.8471": class, support, precision, recall, F1.</summary>
    [GeneratedRegex(@"^(?<name>[a-z][a-z ]+?) +(?<support>\d+) +\d\.\d{4} +\d\.\d{4} +\d\.\d{4}\s*$", RegexOptions.Multiline)]
    private static partial Regex ClassRow();

    /// <summary>"  grey soil   grey soil   0.9000   red soil (0.0500)": actual, predicted, probability, runner-up.</summary>
    [GeneratedRegex(@"^  (?<actual>(red soil|cotton crop|grey soil|damp grey soil|vegetation stubble|very damp grey soil)) +(?<predicted>(red soil|cotton crop|grey soil|damp grey soil|vegetation stubble|very damp grey soil)) +(?<p>\d\.\d{4})   (?<second>[a-z ]+) \((?<p2>\d\.\d{4})\)\s*$", RegexOptions.Multiline)]
    private static partial Regex PredictionRow();
}
