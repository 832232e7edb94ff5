using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Tests.Trainers;

namespace MLNetDeep.Tests.Tasks;

/// <summary>A binary model never scores a probability of exactly 0 or 1, so one confident mistake keeps log-loss finite.</summary>
[TestClass]
public sealed class ProbabilityBoundTests
{
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]   // the ensemble head (mean of sigmoids) too
    public void Probability_OfASaturatedLogit_StopsOneFloatStepFromZeroAndOne(int ensembleSize)
    {
        // Features scaled by 1,000 and not standardized: the logits grow far past the float32 sigmoid's saturation.
        var rows = SyntheticData.Features(200, seed: 3)
            .Select(x => new SyntheticData.BinaryRow { Features = [.. x.Select(v => v * 1000)], Label = SyntheticData.BinaryRule(x) }).ToList();
        var data = _ml.Data.LoadFromEnumerable(rows);
        var options = new DeepMlpBinaryTrainer.Options
        {
            HiddenLayerSizes = [8], NumberOfEpochs = 5, LearningRate = 0.05, StandardizeFeatures = false, Seed = 1,
            DropoutRate = 0, EnsembleSize = ensembleSize,
        };
        using var model = _ml.BinaryClassification.Trainers.DeepMlp(options).Fit(data);
        var scored = model.Transform(data);

        float[] scores = [.. scored.GetColumn<float>("Score")];
        float[] probabilities = [.. scored.GetColumn<float>("Probability")];
        Assert.IsTrue(scores.Max() > 20 && scores.Min() < -20, $"the logits saturate a float32 sigmoid ({scores.Min()} to {scores.Max()})");
        Assert.AreEqual(1f - BinaryClassificationTask.ProbabilityBound, probabilities.Max());
        Assert.AreEqual(BinaryClassificationTask.ProbabilityBound, probabilities.Min());

        // The most confident row with its label flipped: a mistake at the bound costs 24 bits, not infinity.
        int surest = Array.IndexOf(probabilities, probabilities.Max());
        var flipped = rows.Select((r, i) => new SyntheticData.BinaryRow { Features = r.Features, Label = i == surest ? !r.Label : r.Label }).ToList();
        var metrics = _ml.BinaryClassification.Evaluate(model.Transform(_ml.Data.LoadFromEnumerable(flipped)));
        double before = _ml.BinaryClassification.Evaluate(scored).LogLoss;
        Assert.IsTrue(double.IsFinite(metrics.LogLoss), $"log-loss {metrics.LogLoss}");
        Assert.IsTrue(double.IsFinite(before), $"log-loss before the flip {before}");
        // Flipping it moves its loss between −log2(1 − 2⁻²⁴) ≈ 0 and −log2(2⁻²⁴) = 24 bits, one way or the other.
        Assert.AreEqual(24 / (double)rows.Count, Math.Abs(metrics.LogLoss - before), 1e-4, $"log-loss {before} → {metrics.LogLoss}");
    }

    [TestMethod]
    public void CrossValidationEnsemble_OfFoldsScoringZeroAndOne_KeepsTheBound()
    {
        // Logistic regression on features scaled by 1,000 scores exactly 0 and 1 on many rows; their mean must not.
        var rows = SyntheticData.Features(150, seed: 4)
            .Select(x => new SyntheticData.BinaryRow { Features = [.. x.Select(v => v * 1000)], Label = SyntheticData.BinaryRule(x) }).ToList();
        var data = _ml.Data.LoadFromEnumerable(rows);
        var ensemble = _ml.BinaryClassification.CrossValidateEnsemble(data, _ml.BinaryClassification.Trainers.LbfgsLogisticRegression(), 5, seed: 1);
        float[] folds = [.. ensemble.FoldModels[0].Transform(data).GetColumn<float>("Probability")];
        Assert.IsTrue(folds.Contains(1f) || folds.Contains(0f), "a fold model scores exactly 0 or 1 here");

        float[] probabilities = [.. ensemble.Model.Transform(data).GetColumn<float>("Probability")];

        Assert.AreEqual(1f - BinaryClassificationTask.ProbabilityBound, probabilities.Max());
        Assert.AreEqual(BinaryClassificationTask.ProbabilityBound, probabilities.Min());
    }
}
