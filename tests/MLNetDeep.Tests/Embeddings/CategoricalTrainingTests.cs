using Microsoft.ML;
using MLNetDeep.Tests.Trainers;

namespace MLNetDeep.Tests.Embeddings;

/// <summary>Categorical embeddings through the trainers: training, unknown keys at scoring, save and load.</summary>
[TestClass]
public sealed class CategoricalTrainingTests
{
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    public void Binary_LearnsFromTheKeyColumn_ScoresUnseenLevelsAsUnknown_AndReloads()
    {
        var (training, keys) = CategoricalData.Keyed(_ml, CategoricalData.Rows(400, 30, seed: 1));
        var options = new DeepMlpBinaryTrainer.Options
        {
            HiddenLayerSizes = [16], NumberOfEpochs = 40, BatchSize = 32, LearningRate = 0.01, Seed = 3,
            CategoricalColumnNames = ["Level"],
        };
        using var model = new DeepMlpBinaryTrainer(options).Fit(training);

        var metrics = _ml.BinaryClassification.Evaluate(model.Transform(training));
        Assert.IsTrue(metrics.Accuracy > 0.9, $"accuracy {metrics.Accuracy}: the label comes from the level");
        Assert.AreEqual("Level", model.CategoricalColumnNames.Single());
        Assert.AreEqual(2, model.InputSize);

        // Two levels the key mapping never saw: both are the missing key, scored with the trained unknown vector.
        var unseen = keys.Transform(_ml.Data.LoadFromEnumerable(new[]
        {
            new CategoricalData.Row { Features = [0.1f, 0.2f], Level = "never", Class = "C0" },
            new CategoricalData.Row { Features = [0.1f, 0.2f], Level = "seen-nowhere", Class = "C0" },
        }));
        float[] unknownScores = SyntheticData.Scores(model.Transform(unseen));
        Assert.AreEqual(unknownScores[0], unknownScores[1], 0f);
        Assert.IsTrue(float.IsFinite(unknownScores[0]));

        var scored = ReloadCheck.AssertSameScores(_ml, model, training, SyntheticData.Scores(model.Transform(training)));
        Assert.IsFalse(scored.Any(c => c.Name.StartsWith("__DeepMlp", StringComparison.Ordinal) && !c.IsHidden), "no helper columns in the output");
    }

    [TestMethod]
    public void Streamed_LearnsTheSame_WithQuantileBinsFromTheSample_AndRefusesTargetAwareBins()
    {
        var (training, _) = CategoricalData.Keyed(_ml, CategoricalData.Rows(300, 20, seed: 8));
        var options = new DeepMlpBinaryTrainer.Options
        {
            HiddenLayerSizes = [16], NumberOfEpochs = 30, BatchSize = 32, LearningRate = 0.01, Seed = 3, MaxCacheSizeInMegabytes = 0,
            CategoricalColumnNames = ["Level"], NumericalEmbedding = NumericalEmbedding.PiecewiseLinear, NumberOfEmbeddingBins = 4,
        };
        using var model = new DeepMlpBinaryTrainer(options).Fit(training);

        Assert.IsTrue(model.History.Notes.Any(n => n.Contains("streamed", StringComparison.Ordinal)), string.Join(" | ", model.History.Notes));
        Assert.IsTrue(_ml.BinaryClassification.Evaluate(model.Transform(training)).Accuracy > 0.9);
        options.MissingValues = MissingValueHandling.Error;
        using (var sampled = new DeepMlpBinaryTrainer(options).Fit(training))
            Assert.IsTrue(_ml.BinaryClassification.Evaluate(sampled.Transform(training)).Accuracy > 0.9, "bins from a sample kept for them, not for imputation");
        options.TargetAwareBins = true;
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => new DeepMlpBinaryTrainer(options).Fit(training));
        StringAssert.Contains(e.Message, "TargetAwareBins needs the training rows cached");
    }
}
