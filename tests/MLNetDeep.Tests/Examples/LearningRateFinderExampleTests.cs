using System.Globalization;
using System.Text.RegularExpressions;

namespace MLNetDeep.Tests.Examples;

/// <summary>
/// examples/MLNetDeep.LearningRateFinder runs end to end on a tiny budget: it prints the sweep, suggests a tenth of the rate
/// of the lowest smoothed loss, saves the plot as a PNG, and the suggested rate trains better than 100 times it.
/// </summary>
[TestClass]
public sealed partial class LearningRateFinderExampleTests
{
    private static readonly string[] FitNames = ["suggested", "default", "100x suggested"];
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [TestMethod]
    public void Example_SuggestsARate_SavesThePlot_AndTheSuggestionBeatsAHundredTimesIt()
    {
        byte[] plot = [];
        string output = ExampleRunner.Run("MLNetDeep.LearningRateFinder", TimeSpan.FromMinutes(3),
            folder => plot = File.ReadAllBytes(Path.Combine(folder, "out", "lr-finder.png")),
            "--sample", "0.3", "--epochs", "3", "--steps", "40");

        CollectionAssert.AreEqual(PngSignature, plot.Take(8).ToArray(), "out/lr-finder.png is a PNG");
        var sweep = Regex.Match(output, @"Learning-rate sweep: (?<steps>\d+) steps from 1E-07 to (?<last>[\d.E+-]+)( \(stopped early: the smoothed loss exploded\))?\r?$", RegexOptions.Multiline);
        Assert.IsTrue(sweep.Success, output);
        int steps = int.Parse(sweep.Groups["steps"].Value, CultureInfo.InvariantCulture);
        Assert.IsTrue(steps is > 3 and <= 40, output);
        Assert.AreEqual(steps < 40, sweep.Value.Contains("stopped early", StringComparison.Ordinal), "fewer steps than asked only when the loss exploded");

        double lowestRate = Number(output, @"Lowest smoothed loss \(first 10% and last 5 points left out\): \d+\.\d{4} at rate (?<x>[\d.E+-]+)");
        double suggested = Number(output, @"Suggested learning rate: (?<x>[\d.E+-]+) \(minimum smoothed loss / 10");
        Assert.AreEqual(lowestRate / 10, suggested, suggested * 0.01, "the rule: the rate of the lowest smoothed loss divided by 10");
        Assert.IsTrue(suggested > 1e-7 && suggested < Number(output, @"to (?<x>[\d.E+-]+)"), output);

        var fits = FitRow().Matches(output).ToDictionary(m => m.Groups["name"].Value, m => m);
        CollectionAssert.AreEquivalent(FitNames, fits.Keys.ToArray(), output);
        Assert.AreEqual(suggested, Value(fits["suggested"], "rate"), suggested * 0.01, output);
        Assert.AreEqual(100 * suggested, Value(fits["100x suggested"], "rate"), suggested, output);
        Assert.AreEqual(0.002, Value(fits["default"], "rate"), output);
        // A hundred times the suggestion is far past the bottom of the curve: its fit ends with a higher loss on both sets.
        Assert.IsTrue(Value(fits["100x suggested"], "logLoss") > Value(fits["suggested"], "logLoss"), output);
        Assert.IsTrue(Value(fits["100x suggested"], "trainLoss") > Value(fits["suggested"], "trainLoss"), output);
    }

    private static double Number(string output, string pattern)
    {
        var match = Regex.Match(output, pattern);
        Assert.IsTrue(match.Success, $"'{pattern}' in:\n{output}");
        return double.Parse(match.Groups["x"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private static double Value(Match row, string group) => double.Parse(row.Groups[group].Value, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>"  suggested (0.0423)  0.9520  0.9843  0.2812  0.0635": the rate's name and value, accuracy, AUC, log-loss, last training loss.</summary>
    [GeneratedRegex(@"^  (?<name>suggested|default|100x suggested) \((?<rate>[\d.E+-]+)\) +0\.\d{4} +[01]\.\d{4} +(?<logLoss>\d+\.\d{4}) +(?<trainLoss>\d+\.\d{4})\s*$", RegexOptions.Multiline)]
    private static partial Regex FitRow();
}
