using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Tests.Trainers;

namespace MLNetDeep.Tests.Persistence;

/// <summary>
/// What a model trained with MissingValues = Error returns for NaN or infinite features at scoring (and one trained with
/// the default Impute for infinite ones), as the README states it: NaN scores (and probabilities), PredictedLabel false for
/// binary and the first class (key 1) for multiclass; in process and after reload.
/// </summary>
[TestClass]
public sealed class NaNScoringTests
{
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    [DataRow(float.NaN)]
    [DataRow(float.PositiveInfinity)]
    [DataRow(float.NegativeInfinity)]
    public void NonFiniteFeatures_GiveNaNScores_AndTheDocumentedPredictedLabel(float bad)
    {
        var missing = float.IsNaN(bad) ? MissingValueHandling.Error : MissingValueHandling.Impute;
        var options = new DeepMlpBinaryTrainer.Options { HiddenLayerSizes = [4], NumberOfEpochs = 1, Seed = 1, MissingValues = missing };
        var binary = new DeepMlpBinaryTrainer(options).Fit(SyntheticData.Binary(_ml, 60));
        var multiclass = new DeepMlpMulticlassTrainer(new DeepMlpMulticlassTrainer.Options { HiddenLayerSizes = [4], NumberOfEpochs = 1, Seed = 1, MissingValues = missing })
            .Fit(SyntheticData.Multiclass(_ml, 60));
        var regression = new DeepMlpRegressionTrainer(new DeepMlpRegressionTrainer.Options { HiddenLayerSizes = [4], NumberOfEpochs = 1, Seed = 1, MissingValues = missing })
            .Fit(SyntheticData.Regression(_ml, 60));
        float[] features = [bad, 0.5f, -0.5f, 0.25f];

        foreach (var model in new ITransformer[] { binary, Reload(binary) })
        {
            var row = _ml.Model.CreatePredictionEngine<Input, BinaryOutput>(model).Predict(new Input { Features = features });
            Assert.IsTrue(float.IsNaN(row.Score) && float.IsNaN(row.Probability), $"binary {row.Score} {row.Probability}");
            Assert.IsFalse(row.PredictedLabel);
        }
        foreach (var model in new ITransformer[] { multiclass, Reload(multiclass) })
        {
            var row = _ml.Model.CreatePredictionEngine<Input, MulticlassOutput>(model).Predict(new Input { Features = features });
            Assert.IsTrue(row.Score.All(float.IsNaN), "multiclass scores");
            Assert.AreEqual(1u, row.PredictedLabel, "the first class");
        }
        var score = _ml.Model.CreatePredictionEngine<Input, RegressionOutput>(Reload(regression)).Predict(new Input { Features = features }).Score;
        Assert.IsTrue(float.IsNaN(score), $"regression {score}");
    }

    private ITransformer Reload(ITransformer model)
    {
        using var stream = new MemoryStream();
        _ml.Model.Save(model, SyntheticData.Regression(_ml, 1).Schema, stream);
        stream.Position = 0;
        return _ml.Model.Load(stream, out _);
    }

    private sealed class Input
    {
        [VectorType(SyntheticData.FeatureCount)] public float[] Features { get; set; } = [];
    }

    private sealed class BinaryOutput
    {
        public float Score { get; set; }
        public float Probability { get; set; }
        public bool PredictedLabel { get; set; }
    }

    private sealed class MulticlassOutput
    {
        public float[] Score { get; set; } = [];
        [KeyType(3)] public uint PredictedLabel { get; set; }
    }

    private sealed class RegressionOutput
    {
        public float Score { get; set; }
    }
}
