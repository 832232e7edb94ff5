using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Tests.Trainers;
using static MLNetDeep.Tests.Evaluation.Ensembles.EnsembleFixtures;

namespace MLNetDeep.Tests.Evaluation.Ensembles;

/// <summary>CrossValidateEnsemble: out-of-fold metrics and the averaged model, for each task.</summary>
[TestClass]
public sealed class CrossValidationEnsembleTests
{
    [TestMethod]
    public void Binary_OutOfFoldAccuracy_IsEachFoldModelOnItsOwnHeldOutRows()
    {
        var ml = new MLContext(seed: 1);
        var data = Binary(ml, 150, seed: 1);

        var ensemble = ml.BinaryClassification.CrossValidateEnsemble(data, NormalizedBinaryDeepMlp(ml), Folds, seed: Seed);

        var heldOut = HeldOut(ml, data);
        int correct = 0, rows = 0;
        for (int f = 0; f < Folds; f++)
        {
            var scored = ensemble.FoldModels[f].Transform(heldOut[f]);
            bool[] labels = Booleans(scored, "Label"), predicted = Booleans(scored, "PredictedLabel");
            int foldCorrect = labels.Zip(predicted).Count(p => p.First == p.Second);
            Assert.AreEqual((double)foldCorrect / labels.Length, ensemble.FoldReport[MetricNames.Accuracy].PerFold[f], 1e-9, $"fold {f}");
            correct += foldCorrect;
            rows += labels.Length;
        }

        Assert.AreEqual(150, rows, "every row is held out once");
        Assert.AreEqual((long)rows, ensemble.OutOfFoldScores.GetRowCount() ?? Booleans(ensemble.OutOfFoldScores, "Label").Length);
        Assert.AreEqual((double)correct / rows, ensemble.OutOfFoldReport[MetricNames.Accuracy].Value, 1e-9);
        Assert.AreEqual(ensemble.FoldReport[MetricNames.Accuracy].PerFold.Average(), ensemble.FoldReport[MetricNames.Accuracy].Mean, 1e-12);
        Console.WriteLine(ensemble);
        StringAssert.Contains(ensemble.ToString(), "Mean ± std");
    }

    [TestMethod]
    public void Binary_Model_AveragesTheFoldProbabilities_ScoreIsTheirLogit()
    {
        var ml = new MLContext(seed: 1);
        var ensemble = ml.BinaryClassification.CrossValidateEnsemble(Binary(ml, 150, seed: 1), NormalizedBinaryDeepMlp(ml), Folds, seed: Seed);
        var fresh = Binary(ml, 40, seed: 5);

        var scored = ensemble.Model.Transform(fresh);

        float[] mean = MeanOverFolds(ensemble.FoldModels, fresh, "Probability");
        AssertClose(mean, Column(scored, "Probability"), 1e-5, "Probability = mean of the folds' probabilities");
        AssertClose([.. mean.Select(p => (float)Math.Log(p / (1 - p)))], Column(scored, "Score"), 1e-4, "Score = logit of the mean");
        CollectionAssert.AreEqual(mean.Select(p => p > 0.5f).ToArray(), Booleans(scored, "PredictedLabel"));
        Assert.AreEqual(BooleanDataViewType.Instance, scored.Schema["PredictedLabel"].Type);
        AssertNoIntermediateColumns(scored.Schema);
    }

    [TestMethod]
    public void Multiclass_Model_AveragesScoreVectors_PredictsTheLabelsKeyType_OutOfFoldMatchesTheFolds()
    {
        var ml = new MLContext(seed: 1);
        var data = SyntheticData.Multiclass(ml, 150, seed: 2);
        var estimator = ml.MulticlassClassification.Trainers.DeepMlp(hiddenLayerSizes: [8], numberOfEpochs: 3, seed: 1);

        var ensemble = ml.MulticlassClassification.CrossValidateEnsemble(data, estimator, Folds, seed: Seed);

        var fresh = SyntheticData.Multiclass(ml, 40, seed: 6);
        var scored = ensemble.Model.Transform(fresh);
        var perFold = ensemble.FoldModels.Select(f => Vectors(f.Transform(fresh), "Score")).ToList();
        float[][] actual = Vectors(scored, "Score");
        uint[] predicted = Keys(scored, "PredictedLabel");
        for (int i = 0; i < actual.Length; i++)
        {
            float[] mean = [.. Enumerable.Range(0, 3).Select(c => perFold.Average(p => p[i][c]))];
            AssertClose(mean, actual[i], 1e-5, $"row {i}'s Score = mean of the folds' Score vectors");
            Assert.AreEqual((uint)Array.IndexOf(mean, mean.Max()) + 1, predicted[i], $"row {i}'s PredictedLabel is the largest mean's key");
        }

        Assert.AreEqual(data.Schema["Label"].Type, scored.Schema["PredictedLabel"].Type);
        VBuffer<ReadOnlyMemory<char>> classes = default, labelClasses = default;
        scored.Schema["PredictedLabel"].GetKeyValues(ref classes);
        data.Schema["Label"].GetKeyValues(ref labelClasses);
        CollectionAssert.AreEqual(labelClasses.DenseValues().Select(c => c.ToString()).ToArray(), classes.DenseValues().Select(c => c.ToString()).ToArray());
        Assert.AreEqual(3, classes.Length);
        AssertNoIntermediateColumns(scored.Schema);

        var heldOut = HeldOut(ml, data);
        var hand = Enumerable.Range(0, Folds).Select(f => ensemble.FoldModels[f].Transform(heldOut[f]))
            .SelectMany(s => Keys(s, "Label").Zip(Keys(s, "PredictedLabel"))).ToList();
        CollectionAssert.AreEqual(hand.Select(p => p.First).ToArray(), Keys(ensemble.OutOfFoldScores, "Label"), "out-of-fold labels keep their keys");
        Assert.AreEqual((double)hand.Count(p => p.First == p.Second) / hand.Count, ensemble.OutOfFoldReport[MetricNames.MicroAccuracy].Value, 1e-9);
    }

    [TestMethod]
    public void Regression_WithSdca_AveragesScores_OutOfFoldRmseMatchesTheFolds()
    {
        var ml = new MLContext(seed: 1);
        var data = SyntheticData.Regression(ml, 150, seed: 3);
        var estimator = ml.Transforms.NormalizeMeanVariance("Features")
            .Append(ml.Regression.Trainers.Sdca(maximumNumberOfIterations: 5));

        var ensemble = ml.Regression.CrossValidateEnsemble(data, estimator, Folds, seed: Seed);

        var fresh = SyntheticData.Regression(ml, 40, seed: 7);
        AssertClose(MeanOverFolds(ensemble.FoldModels, fresh, "Score"), Column(ensemble.Model.Transform(fresh), "Score"), 1e-5, "Score = mean of the folds' scores");
        var heldOut = HeldOut(ml, data);
        var errors = Enumerable.Range(0, Folds).Select(f => ensemble.FoldModels[f].Transform(heldOut[f]))
            .SelectMany(s => Column(s, "Label").Zip(Column(s, "Score"), (l, p) => (double)l - p)).ToList();
        Assert.HasCount(150, errors);
        Assert.AreEqual(Math.Sqrt(errors.Average(e => e * e)), ensemble.OutOfFoldReport[MetricNames.Rmse].Value, 1e-5);
    }
}
