using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MLNetDeep.Tests.MissingValues;

[TestClass]
public sealed class ScoringWarningTests
{
    [TestMethod]
    public void NaNAtScoring_InASlotWithoutTrainingNaN_IsImputed_AndCountedInOneWarning()
    {
        var ml = new MLContext(seed: 1);
        var warnings = new List<string>();
        ml.Log += (_, e) =>
        {
            if (e.Kind == ChannelMessageKind.Warning && e.Message.Contains("no missing value in training", StringComparison.Ordinal))
            {
                lock (warnings)
                    warnings.Add(e.Message);
            }
        };
        var model = ml.BinaryClassification.Trainers.DeepMlp(new DeepMlpBinaryTrainer.Options { HiddenLayerSizes = [8], NumberOfEpochs = 5, Seed = 2 })
            .Fit(ml.Data.LoadFromEnumerable(MissingValueTests.Rows(120)));
        var probe = MissingValueTests.Rows(30, seed: 5);
        probe[3].Features[0] = float.NaN;
        probe[8].Features[0] = float.NaN;
        probe[9].Features[2] = float.NaN;                                   // slot 2 had missing values in training: not counted

        var scored = model.Transform(ml.Data.LoadFromEnumerable(probe));
        _ = scored.GetColumn<float[]>(scored.Schema["Features"]).ToList();          // reads the features, scores nothing
        Assert.AreEqual(0, warnings.Count, "a pass that reads no prediction does not count");
        float[] probabilities = [.. scored.GetColumn<float>(scored.Schema["Probability"])];
        _ = ml.BinaryClassification.EvaluateReport(scored);                        // more passes over the same scored view

        Assert.IsTrue(probabilities.All(float.IsFinite));
        Assert.AreEqual(1, warnings.Count, $"one warning per scored view, however often it is read: {string.Join(" | ", warnings)}");
        StringAssert.Contains(warnings[0], "Feature column 'Features' had 2 missing (NaN) value(s) in 1 slot(s) with no missing value in training: 'Features[0]' 2");
    }

    [TestMethod]
    public void CleanRows_GiveNoWarning()
    {
        var ml = new MLContext(seed: 1);
        int warnings = 0;
        ml.Log += (_, e) =>
        {
            if (e.Message.Contains("no missing value in training", StringComparison.Ordinal))
                Interlocked.Increment(ref warnings);
        };
        var model = ml.BinaryClassification.Trainers.DeepMlp(new DeepMlpBinaryTrainer.Options { HiddenLayerSizes = [8], NumberOfEpochs = 2, Seed = 2 })
            .Fit(ml.Data.LoadFromEnumerable(MissingValueTests.Rows(120)));

        var scored = model.Transform(ml.Data.LoadFromEnumerable(MissingValueTests.Rows(30, seed: 5)));
        _ = scored.GetColumn<float>(scored.Schema["Probability"]).ToList();

        Assert.AreEqual(0, warnings);
    }
}
