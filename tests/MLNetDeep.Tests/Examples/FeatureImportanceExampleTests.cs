using System.Globalization;
using System.Text.RegularExpressions;

namespace MLNetDeep.Tests.Examples;

/// <summary>
/// examples/MLNetDeep.FeatureImportance runs end to end on a tiny budget and prints what its README shows: some feature
/// matters to DeepMlp, and FastTree ranks carat or a size dimension among its top 3 of the rows shown.
/// </summary>
[TestClass]
public sealed partial class FeatureImportanceExampleTests
{
    [TestMethod]
    public void Example_OnATinyBudget_PrintsTheModelAndAnImportanceTable()
    {
        string output = ExampleRunner.Run("MLNetDeep.FeatureImportance", TimeSpan.FromMinutes(3), "--sample", "0.01", "--epochs", "1", "--permutations", "1");

        StringAssert.Contains(output, "DeepMlp regression: 26 → 512 → 256 → 1, ReLU, 145,409 parameters, 1 epochs");
        StringAssert.Contains(output, "feature                    DeepMlp          FastTree");
        var rows = TableRow().Matches(output);
        Assert.AreEqual(10, rows.Count, output);
        Assert.IsTrue(rows.All(r => r.Groups["tree"].Success), $"every DeepMlp feature has a FastTree importance under the same name:\n{output}");
        double Cell(Match row, string group) => double.Parse(row.Groups[group].Value.Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        Assert.IsTrue(rows.Any(r => Cell(r, "deep") > 0), $"some feature matters to DeepMlp:\n{output}");
        var treeTop3 = rows.OrderByDescending(r => Cell(r, "tree")).Take(3).Select(r => r.Groups["name"].Value).ToList();
        Assert.IsTrue(treeTop3.Any(n => n == "carat" || n.StartsWith("dimensions.", StringComparison.Ordinal)), $"FastTree's top 3 ({string.Join(", ", treeTop3)}) hold carat or a dimension:\n{output}");
        StringAssert.Contains(output, " of 26 features change DeepMlp's R² by less than 0.001.");
    }

    /// <summary>"  name   0.1234 ± 0.0000   0.5678 ± 0.0000": a feature (slot) name, then DeepMlp's and FastTree's cells.</summary>
    [GeneratedRegex(@"^  (?<name>(carat|cut\.(Fair|Good|Very Good|Premium|Ideal)|color\.\w|clarity\.\w+|dimensions\.(depth|table|x|y|z))) +(?<deep>-?\d\.\d{4}) ± \d\.\d{4}(?<tree> +-?\d\.\d{4} ± \d\.\d{4})?\s*$", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}
