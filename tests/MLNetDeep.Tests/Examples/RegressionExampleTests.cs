using System.Globalization;
using System.Text.RegularExpressions;

namespace MLNetDeep.Tests.Examples;

/// <summary>
/// examples/MLNetDeep.Regression runs end to end on a tiny budget: DeepMlp's input is the 6 normalized numbers plus the
/// one-hot slots of cut (5), color (7) and clarity (8), both models get the regression report side by side, and the
/// predicted-against-actual table shows real test rows.
/// </summary>
[TestClass]
public sealed partial class RegressionExampleTests
{
    /// <summary>The rows of the regression report.</summary>
    private static readonly string[] MetricNames = ["RMSE", "MAE", "R²", "MAPE (%)"];

    [TestMethod]
    public void Example_OnATinyBudget_ComparesDeepMlpWithFastTree_OnOneHotAndNormalizedFeatures()
    {
        string output = ExampleRunner.Run("MLNetDeep.Regression", TimeSpan.FromMinutes(3), "--sample", "0.05", "--epochs", "5");

        StringAssert.Matches(output, new Regex(@"Diamonds price: [\d,]+ training and [\d,]+ test rows"));
        StringAssert.Contains(output, "DeepMlp regression: 26 → 512 → 256 → 1", "6 numeric inputs + 5 + 7 + 8 one-hot slots");
        StringAssert.Matches(output, new Regex(@"(?m)^Metric +DeepMlp +FastTree\s*$"));
        var metrics = MetricRow().Matches(output).ToDictionary(m => m.Groups["name"].Value,
            m => (Deep: double.Parse(m.Groups["deep"].Value, CultureInfo.InvariantCulture), Tree: double.Parse(m.Groups["tree"].Value, CultureInfo.InvariantCulture)));
        CollectionAssert.AreEquivalent(MetricNames, metrics.Keys.ToArray(), output);
        Assert.IsTrue(metrics["RMSE"].Deep >= metrics["MAE"].Deep && metrics["RMSE"].Tree >= metrics["MAE"].Tree, output);
        Assert.IsTrue(metrics["R²"].Tree > 0.9 && metrics["R²"].Deep > 0.7, $"both models learn the price on 5% of the rows in 5 epochs:\n{output}");

        var rows = PredictionRow().Matches(output);
        Assert.AreEqual(8, rows.Count, output);
        foreach (Match row in rows)
        {
            double actual = double.Parse(row.Groups["actual"].Value, CultureInfo.InvariantCulture);
            Assert.IsTrue(actual is >= 326 and <= 18823, $"an actual diamonds price: {row.Value}");
        }
    }

    /// <summary>"RMSE   1234.5678   987.6543": a metric, then DeepMlp's and FastTree's values.</summary>
    [GeneratedRegex(@"^(?<name>RMSE|MAE|R²|MAPE \(%\)) +(?<deep>-?\d+\.\d{4}) +(?<tree>-?\d+\.\d{4})\s*$", RegexOptions.Multiline)]
    private static partial Regex MetricRow();

    /// <summary>"   0.31 Ideal         E     SI1      589      610      640": carat, cut, color, clarity, actual, DeepMlp, FastTree.</summary>
    [GeneratedRegex(@"^  +\d\.\d\d (Fair|Good|Very Good|Premium|Ideal) +[D-J] +(I1|SI2|SI1|VS2|VS1|VVS2|VVS1|IF) +(?<actual>\d+) +-?\d+ +-?\d+\s*$", RegexOptions.Multiline)]
    private static partial Regex PredictionRow();
}
