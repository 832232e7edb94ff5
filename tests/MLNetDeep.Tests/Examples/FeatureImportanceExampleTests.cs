using System.Text.RegularExpressions;

namespace MLNetDeep.Tests.Examples;

/// <summary>examples/MLNetDeep.FeatureImportance runs end to end on a tiny budget and prints what its README shows.</summary>
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
        StringAssert.Contains(output, " of 26 features change DeepMlp's R² by less than 0.001.");
    }

    /// <summary>"  name   0.1234 ± 0.0000   0.5678 ± 0.0000": a feature (slot) name, then DeepMlp's and FastTree's cells.</summary>
    [GeneratedRegex(@"^  (?<name>(carat|cut\.(Fair|Good|Very Good|Premium|Ideal)|color\.\w|clarity\.\w+|dimensions\.(depth|table|x|y|z))) +-?\d\.\d{4} ± \d\.\d{4}(?<tree> +-?\d\.\d{4} ± \d\.\d{4})?\s*$", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}
