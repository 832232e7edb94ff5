using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Examples;
using MLNetDeep.Onnx;
using MLNetDeep.Snapshots;
using MLNetDeep.Tests.Onnx;

namespace MLNetDeep.Tests.Architectures;

/// <summary>On bundled spambase, TabM's averaged prediction has a lower held-out log-loss than its members on average.</summary>
[TestClass]
public sealed class TabMMemberAverageTests
{
    [TestMethod]
    public void Fit_OnSpambase_TheMembersAverageBeatsTheMeanMembersValidationLoss()
    {
        var ml = new MLContext(seed: 1);
        var (data, preprocessing) = BundledDatasets.Spambase(ml);
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.3, seed: 1);
        var prepare = preprocessing.Fit(split.TrainSet);
        var options = new DeepMlpBinaryTrainer.Options
        {
            HiddenLayerSizes = [64, 32], Architecture = Architecture.TabM, NumberOfTabMMembers = 8, NumberOfEpochs = 4, Seed = 1,
        };
        using var model = new DeepMlpBinaryTrainer(options).Fit(prepare.Transform(split.TrainSet));
        IDataView held = prepare.Transform(split.TestSet);
        float[][] rows = [.. held.GetColumn<float[]>(held.Schema["Features"])];
        bool[] labels = [.. held.GetColumn<bool>(held.Schema["Label"])];

        EnsembleSnapshot network = model.Model.Network;
        double average = LogLoss(network, rows, labels);
        double[] members = [.. TabMSlicing.Members(network.Members[0]).Select(m => LogLoss(new EnsembleSnapshot([m], network.Imputation), rows, labels))];

        Assert.HasCount(8, members);
        Assert.IsTrue(members.Distinct().Count() == 8, "the members differ");
        // Log-loss is convex in the probability, so the average can never do worse than the mean member (Jensen); what can
        // fail is the margin, which needs members whose predictions differ (identical members would give no gain).
        Assert.IsTrue(average < members.Average() - 0.005,
            $"average of the members {average:F4}, mean member {members.Average():F4} (members {string.Join(", ", members.Select(m => m.ToString("F4")))})");
    }

    private static double LogLoss(EnsembleSnapshot network, float[][] rows, bool[] labels)
    {
        float[][] probabilities = OnnxRunner.Run(OnnxExporter.Export(network, "Features", OnnxHeadLayout.Standalone), "Features", rows)["probability"];
        return labels.Select((label, i) => -Math.Log(label ? probabilities[i][0] : 1 - probabilities[i][0])).Average();
    }
}
