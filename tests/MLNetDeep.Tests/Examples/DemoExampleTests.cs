using System.Text.RegularExpressions;

namespace MLNetDeep.Tests.Examples;

/// <summary>examples/MLNetDeep.Demo (the README's first command) runs end to end on a tiny budget and prints what its README shows.</summary>
[TestClass]
public sealed partial class DemoExampleTests
{
    [TestMethod]
    public void Demo_OnATinyBudget_ComparesWithFastTree_SavesReloadsAndPredicts()
    {
        string output = ExampleRunner.Run("MLNetDeep.Demo", TimeSpan.FromMinutes(3), "--epochs", "1");

        StringAssert.Contains(output, "== Spambase (binary classification, 57 features) ==");
        StringAssert.Contains(output, "  DeepMlp on spambase: epoch 1/1: loss ");
        foreach (string metric in new[] { "Accuracy", "AUC", "F1", "Precision", "Recall", "LogLoss", "Fit time (s)" })
            StringAssert.Matches(output, new Regex($@"^  {Regex.Escape(metric)} +\d+\.\d{{4}} +\d+\.\d{{4}}\s*$", RegexOptions.Multiline), metric);
        StringAssert.Contains(output, "Saved the DeepMlp pipeline to ");
        Assert.AreEqual(8, PredictionRow().Count(output), output);
    }

    /// <summary>"  spam     spam          0.9876": actual class, predicted class, probability.</summary>
    [GeneratedRegex(@"^  (spam|nonspam) +(spam|nonspam) +[01]\.\d{4}\s*$", RegexOptions.Multiline)]
    private static partial Regex PredictionRow();
}
