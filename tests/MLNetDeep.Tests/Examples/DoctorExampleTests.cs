using System.Text.RegularExpressions;

namespace MLNetDeep.Tests.Examples;

/// <summary>
/// examples/MLNetDeep.Doctor runs end to end on a tiny budget: CheckSetup flags the broken setup's unscaled features, its
/// initial loss and its leaked column, the doctor finds dead ReLUs in its fit, and the fixed setup has none of these.
/// </summary>
[TestClass]
public sealed partial class DoctorExampleTests
{
    [TestMethod]
    public void Example_FlagsTheBrokenSetup_AndTheFixedSetupLacksThoseFindings()
    {
        string output = ExampleRunner.Run("MLNetDeep.Doctor", TimeSpan.FromMinutes(3), "--sample", "0.3", "--epochs", "4");

        string broken = Section(output, "== Broken setup ==", "== Fixed setup =="), repaired = Section(output, "== Fixed setup ==", "What the fix changed");
        StringAssert.Contains(broken, "binary classification, 58 features");
        StringAssert.Contains(repaired, "binary classification, 57 features");
        StringAssert.Matches(broken, new Regex(@"WARN  Single-feature leak  1 feature\(s\) predict the label almost alone \(AUC >= 0\.99\): reported_spam \(AUC 1\)"));
        StringAssert.Matches(broken, new Regex(@"WARN  Feature scale        \d+ of 58 features far from mean 0 and sd 1 with StandardizeFeatures = false"));
        StringAssert.Contains(broken, "remedy: Set StandardizeFeatures = true");
        StringAssert.Matches(repaired, new Regex(@"PASS  Single-feature leak  best single-feature AUC 0\.\d{4} \(\w+\); threshold 0\.99"));
        Assert.DoesNotContain("reported_spam", repaired);

        // spambase's capitalTotal (up to 15,841) has a standard deviation in the hundreds; the word frequencies stay below 1.
        var scale = Regex.Match(output, @"Broken setup's training features: max \|mean\| (?<mean>\d+\.\d), standard deviations [\d.E+-]+ to (?<sd>\d+\.\d)");
        Assert.IsTrue(scale.Success, output);
        Assert.IsTrue(double.Parse(scale.Groups["sd"].Value, System.Globalization.CultureInfo.InvariantCulture) > 100, output);

        // The comparison table: the broken setup's specific findings, and none of them in the fixed one.
        foreach (string check in new[] { "Initial loss", "Feature scale", "Single-feature leak" })
            StringAssert.Matches(output, new Regex($@"^  {check} +Warn +Pass\s*$", RegexOptions.Multiline), check);
        StringAssert.Matches(output, new Regex(@"^  DeadReLU +(Serious|Warning) +-\s*$", RegexOptions.Multiline));
        StringAssert.Matches(broken, new Regex(@"(SERIOUS|WARNING)  DeadReLU +\d+\.\d% of the units of hidden\d were never active"));
        var problems = ProblemRow().Matches(output);
        Assert.IsNotEmpty(problems, output);
        Assert.IsTrue(problems.All(p => p.Groups["fixed"].Value is "-" or "Info"), $"the fixed setup has no finding at Warning or above:\n{output}");

        var accuracy = Regex.Match(output, @"Test accuracy: broken (?<broken>0\.\d{4}), fixed (?<fixed>0\.\d{4})");
        Assert.IsTrue(accuracy.Success, output);
        Assert.IsTrue(double.Parse(accuracy.Groups["fixed"].Value, System.Globalization.CultureInfo.InvariantCulture)
            > double.Parse(accuracy.Groups["broken"].Value, System.Globalization.CultureInfo.InvariantCulture) + 0.1, output);
    }

    private static string Section(string output, string start, string end)
    {
        int from = output.IndexOf(start, StringComparison.Ordinal), to = output.IndexOf(end, StringComparison.Ordinal);
        Assert.IsTrue(from >= 0 && to > from, $"'{start}' then '{end}' in:\n{output}");
        return output[from..to];
    }

    /// <summary>A row of the doctor's half of the comparison table: a problem, its severity in the broken and the fixed fit.</summary>
    [GeneratedRegex(@"^  (?<problem>Overfitting|Underfitting|VanishingGradients|ExplodingGradients|DeadReLU|LossNotDecreasing|LearningRateTooHigh|LearningRateTooLow|ClassImbalance) +(?<broken>Serious|Warning|Info|-) +(?<fixed>Serious|Warning|Info|-)\s*$", RegexOptions.Multiline)]
    private static partial Regex ProblemRow();
}
