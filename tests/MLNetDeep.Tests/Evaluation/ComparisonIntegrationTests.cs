using Microsoft.ML;
using MLNetDeep.Tests.Trainers;

namespace MLNetDeep.Tests.Evaluation;

[TestClass]
public sealed class ComparisonIntegrationTests
{
    [TestMethod]
    public void Binary_DeepMlpFastTreeAndLightGbm_SideBySide_FromTheirScoredViews()
    {
        var ml = new MLContext(seed: 1);
        var train = SyntheticData.Binary(ml, 300, seed: 1);
        var validation = SyntheticData.Binary(ml, 100, seed: 2);
        var test = SyntheticData.Binary(ml, 100, seed: 3);
        var deepMlp = ml.BinaryClassification.Trainers.DeepMlp(hiddenLayerSizes: [16], numberOfEpochs: 5, seed: 1).Fit(train);
        var fastTree = ml.BinaryClassification.Trainers.FastTree(numberOfTrees: 20, minimumExampleCountPerLeaf: 5).Fit(train);
        var lightGbm = ml.BinaryClassification.Trainers.LightGbm(numberOfIterations: 20, minimumExampleCountPerLeaf: 5).Fit(train);
        var bootstrap = new BootstrapOptions { BootstrapResamples = 100, Seed = 1 };

        var comparison = MetricsComparison.Compare(
            ("DeepMlp", ml.BinaryClassification.EvaluateReport(deepMlp.Transform(test), thresholdFrom: deepMlp.Transform(validation), bootstrap: bootstrap)),
            ("FastTree", ml.BinaryClassification.EvaluateReport(fastTree.Transform(test), thresholdFrom: fastTree.Transform(validation), bootstrap: bootstrap)),
            ("LightGbm", ml.BinaryClassification.EvaluateReport(lightGbm.Transform(test), thresholdFrom: lightGbm.Transform(validation), bootstrap: bootstrap)));
        string table = comparison.ToString();

        Console.WriteLine(table);
        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        StringAssert.StartsWith(lines[0], "Metric");
        StringAssert.EndsWith(lines[0], "LightGbm");
        Assert.HasCount(15, lines); // header, rule, 13 metrics
        Assert.AreEqual(1, lines.Select(l => l.Length).Distinct().Count(), "every row is as wide as the header:\n" + table);
        foreach (var (name, report) in comparison.Models)
        {
            Assert.IsGreaterThan(0.8, report[MetricNames.Auc].Value, "the rule x0 + 0.5·x1 > 0 is easy to learn");
            Assert.AreEqual(0L, ((BinaryMetricsReport)report).PredictedLabelDisagreements, $"{name}'s PredictedLabel is Score > 0");
        }
    }
}
