using System.Globalization;
using System.Text.RegularExpressions;

namespace MLNetDeep.Tests.Examples;

/// <summary>
/// examples/MLNetDeep.MissingValues runs end to end on a small budget: FastTree and DeepMlp train on diamonds with 10%
/// of two columns removed and no imputation transform, and DeepMlp's R² is within 0.01 of its R² after the explicit
/// ReplaceMissingValues + IndicateMissingValues route (the issue's evidence, on a 10% sample, averaged over 2 seeds).
/// </summary>
[TestClass]
public sealed partial class MissingValuesExampleTests
{
    [TestMethod]
    public void Example_TrainsFastTreeAndDeepMlpOnNaN_AndDeepMlpMatchesTheExplicitRoute()
    {
        string output = ExampleRunner.Run("MLNetDeep.MissingValues", TimeSpan.FromMinutes(4), "--sample", "0.1", "--epochs", "15", "--seeds", "2");

        StringAssert.Contains(output, "carat and depth values removed (10 % of each)");
        var rows = Row().Matches(output).ToDictionary(m => m.Groups["model"].Value.Trim(), m => double.Parse(m.Groups["r2"].Value, CultureInfo.InvariantCulture));
        Assert.AreEqual(3, rows.Count, output);
        Assert.IsTrue(rows["FastTree"] > 0.3 && rows["DeepMlp"] > 0.9, output);
        Assert.AreEqual(rows["DeepMlp, explicit imputation"], rows["DeepMlp"], 0.01, output);
    }

    [GeneratedRegex(@"^  (?<model>FastTree|DeepMlp, explicit imputation|DeepMlp) +(?<r2>-?\d\.\d{4}) +\d+\.\d +\d+\.\d\s*$", RegexOptions.Multiline)]
    private static partial Regex Row();
}
