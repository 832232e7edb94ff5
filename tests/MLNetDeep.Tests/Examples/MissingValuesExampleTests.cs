using System.Globalization;
using System.Text.RegularExpressions;

namespace MLNetDeep.Tests.Examples;

/// <summary>
/// examples/MLNetDeep.MissingValues runs end to end on a small budget: FastTree and DeepMlp train on diamonds with 10%
/// of two columns removed, each with no imputation transform and after the explicit IndicateMissingValues +
/// ReplaceMissingValues route, and DeepMlp's built-in imputation is within <see cref="RoutesTolerance"/> of its explicit
/// route (what the README promises; on a 10% sample, averaged over 2 seeds).
/// </summary>
[TestClass]
public sealed partial class MissingValuesExampleTests
{
    /// <summary>The largest R² gap between DeepMlp's two routes that the README allows.</summary>
    private const double RoutesTolerance = 0.02;

    [TestMethod]
    public void Example_TrainsFastTreeAndDeepMlpOnNaNAndAfterExplicitImputation_AndDeepMlpsRoutesAgree()
    {
        string output = ExampleRunner.Run("MLNetDeep.MissingValues", TimeSpan.FromMinutes(4), "--sample", "0.1", "--epochs", "15", "--seeds", "2");

        StringAssert.Contains(output, "carat and depth values removed (10 % of each)");
        var rows = Row().Matches(output).ToDictionary(m => m.Groups["model"].Value.Trim(), m => double.Parse(m.Groups["r2"].Value, CultureInfo.InvariantCulture));
        Assert.AreEqual(4, rows.Count, output);
        Assert.IsTrue(rows["FastTree"] > 0.3 && rows["FastTree, explicit imputation"] > 0.9 && rows["DeepMlp"] > 0.9, output);
        Assert.AreEqual(rows["DeepMlp, explicit imputation"], rows["DeepMlp"], RoutesTolerance, output);
        var gap = Regex.Match(output, @"DeepMlp's built-in imputation minus the explicit route: R² (?<gap>[-+]\d\.\d{4})");
        Assert.AreEqual(rows["DeepMlp"] - rows["DeepMlp, explicit imputation"], double.Parse(gap.Groups["gap"].Value, CultureInfo.InvariantCulture), 2e-4, output);
    }

    [GeneratedRegex(@"^  (?<model>FastTree, explicit imputation|FastTree|DeepMlp, explicit imputation|DeepMlp) +(?<r2>-?\d\.\d{4}) +\d+\.\d +\d+\.\d\s*$", RegexOptions.Multiline)]
    private static partial Regex Row();
}
