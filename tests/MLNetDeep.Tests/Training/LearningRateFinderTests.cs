using System.Reflection;
using Microsoft.ML;
using MLNetDeep.Checkpoints;
using MLNetDeep.Plots;
using MLNetDeep.Tests.Trainers;
using MLNetDeep.Training;
using static MLNetDeep.Tests.Plots.TrainingHistoryPlotsTests;
using static MLNetDeep.Tests.Training.HistoryFixtures;

namespace MLNetDeep.Tests.Training;

/// <summary>trainer.FindLearningRate(data): the learning-rate range test on a fresh network, its suggestion and its plot.</summary>
[TestClass]
public sealed class LearningRateFinderTests
{
    private readonly MLContext _ml = new(seed: 1);

    private static DeepMlpBinaryTrainer.Options Small(int? seed = 1) =>
        new() { HiddenLayerSizes = [16], DropoutRate = 0, BatchSize = 20, NumberOfEpochs = 3, Seed = seed };

    [TestMethod]
    public void FindLearningRate_RatesGrowExponentiallyOverPasses_AndTheSuggestionLiesInsideTheCurve()
    {
        var trainer = new DeepMlpBinaryTrainer(Small());
        var range = new LearningRateFinderOptions { StartLearningRate = 1e-5, EndLearningRate = 1e-1, NumberOfSteps = 25, Smoothing = 0.9 };

        var result = trainer.FindLearningRate(SyntheticData.Binary(_ml, 200), range);   // 10 batches a pass: 3 passes

        var points = result.Points;
        Assert.AreEqual(25, points.Count);
        Assert.IsFalse(result.StoppedEarly);
        Assert.AreEqual(1e-5, points[0].LearningRate);
        Assert.AreEqual(1e-1, points[^1].LearningRate);
        for (int i = 1; i < points.Count; i++)
        {
            Assert.IsTrue(points[i].LearningRate > points[i - 1].LearningRate, $"step {i}");
            Assert.AreEqual(Math.Pow(1e4, 1.0 / 24), points[i].LearningRate / points[i - 1].LearningRate, 1e-9, $"step {i}");
        }
        Assert.AreEqual(points[0].Loss, points[0].SmoothedLoss, 1e-12, "bias correction: the first smoothed loss is the first loss");
        double average = 0;
        for (int i = 0; i < points.Count; i++)
        {
            average = (0.9 * average) + (0.1 * points[i].Loss);
            Assert.AreEqual(average / (1 - Math.Pow(0.9, i + 1)), points[i].SmoothedLoss, 1e-9, $"step {i}");
        }
        Assert.IsTrue(result.SuggestedLearningRate >= points[0].LearningRate && result.SuggestedLearningRate <= points[^1].LearningRate);
        Assert.IsTrue(points.Any(p => Math.Abs((p.LearningRate / 10) - result.SuggestedLearningRate) <= 1e-12 * result.SuggestedLearningRate)
            || result.SuggestedLearningRate == points[0].LearningRate, "a rate of the curve / 10, or the first rate");
        Assert.AreEqual(LearningRateSuggestion.Describe(LearningRateSuggestion.Default), result.SuggestionRule);
        StringAssert.StartsWith(result.SuggestionRule, "minimum smoothed loss / 10");
        Assert.AreEqual(1, result.Seed);
        Assert.AreSame(range, result.Options);
    }

    [TestMethod]
    public void FindLearningRate_StopsEarly_WhenTheSmoothedLossExplodes()
    {
        var trainer = new DeepMlpRegressionTrainer(new DeepMlpRegressionTrainer.Options { HiddenLayerSizes = [16], DropoutRate = 0, BatchSize = 20, Seed = 1 });
        var range = new LearningRateFinderOptions { StartLearningRate = 1e-4, EndLearningRate = 1e4, NumberOfSteps = 80 };

        var result = trainer.FindLearningRate(SyntheticData.Regression(_ml, 200), range);

        var points = result.Points;
        Assert.IsTrue(result.StoppedEarly);
        Assert.IsTrue(points.Count is > 5 and < 80, $"{points.Count} steps");
        Assert.IsTrue(points[^1].LearningRate < 1e4);
        double best = points.Take(points.Count - 1).Min(p => p.SmoothedLoss);
        Assert.IsTrue(!double.IsFinite(points[^1].SmoothedLoss) || points[^1].SmoothedLoss > 4 * best, "the last point exploded");
        for (int i = 1; i < points.Count - 1; i++)
            Assert.IsTrue(points[i].SmoothedLoss <= 4 * points.Take(i).Min(p => p.SmoothedLoss), $"step {i} exploded already");
        Assert.IsTrue(result.SuggestedLearningRate >= points[0].LearningRate && result.SuggestedLearningRate <= points[^1].LearningRate);
    }

    [TestMethod]
    public void FindLearningRate_LeavesTheOptionsAsTheyWere_AndLaterFitsTrainTheSameWeights()
    {
        var data = SyntheticData.Binary(_ml, 120);
        var options = Small();
        var trainer = new DeepMlpBinaryTrainer(options);
        string callerBefore = Describe(options), trainerBefore = Describe(trainer.TrainerOptions);
        string before = Weights(trainer.Fit(data));

        trainer.FindLearningRate(data, new LearningRateFinderOptions { NumberOfSteps = 10 });

        Assert.AreEqual(before, Weights(trainer.Fit(data)));
        Assert.AreEqual(trainerBefore, Describe(trainer.TrainerOptions));
        Assert.AreEqual(callerBefore, Describe(options));

        // Without a Seed, fits draw theirs from the MLContext; the finder must not draw from it.
        var unseeded = Small(seed: null);
        string fromContext = Weights(new MLContext(seed: 5).BinaryClassification.Trainers.DeepMlp(unseeded).Fit(data));
        var second = new MLContext(seed: 5).BinaryClassification.Trainers.DeepMlp(unseeded);
        var result = second.FindLearningRate(data, new LearningRateFinderOptions { NumberOfSteps = 10 });
        Assert.AreEqual(fromContext, Weights(second.Fit(data)));
        Assert.IsTrue(result.Notes.Any(n => n.Contains("drawn at random", StringComparison.Ordinal)), string.Join(" | ", result.Notes));
    }

    [TestMethod]
    public void SavePlot_WritesAPngOfTheRequestedSize()
    {
        var result = new DeepMlpBinaryTrainer(Small()).FindLearningRate(SyntheticData.Binary(_ml, 100), new LearningRateFinderOptions { NumberOfSteps = 30 });
        using var folder = new TempFolder();

        string written = result.SavePlot(Path.Combine(folder.Path, "plots", "lr-finder.png"), width: 640, height: 400);
        string byDefault = result.SavePlot(folder.File("default.png"));

        Assert.AreEqual(Path.Combine(folder.Path, "plots", "lr-finder.png"), written);
        Assert.AreEqual((640, 400), PngSize(written));
        Assert.AreEqual((800, 500), PngSize(byDefault));
        Assert.AreEqual("width", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => result.SavePlot(folder.File("x.png"), width: 99)).ParamName);
    }

    [TestMethod]
    public void FindLearningRate_WithInvalidOptions_NamesEveryProblem()
    {
        var trainer = new DeepMlpBinaryTrainer(Small());
        var data = SyntheticData.Binary(_ml, 20);
        var bad = new LearningRateFinderOptions { StartLearningRate = 0, EndLearningRate = double.NaN, NumberOfSteps = 1, Smoothing = 1, ExplodingLossFactor = 1 };
        var reversed = new LearningRateFinderOptions { StartLearningRate = 0.1, EndLearningRate = 0.01 };

        var e = Assert.ThrowsExactly<ArgumentException>(() => trainer.FindLearningRate(data, bad));
        var r = Assert.ThrowsExactly<ArgumentException>(() => trainer.FindLearningRate(data, reversed));

        string n = Environment.NewLine;
        Assert.AreEqual($"Invalid learning-rate finder options:{n}- StartLearningRate is 0, but must be finite and greater than 0.{n}"
            + $"- EndLearningRate is NaN, but must be finite and greater than 0.{n}- NumberOfSteps is 1, but must be from 2 to 100,000.{n}"
            + $"- Smoothing is 1, but must be in [0, 1) (0: no smoothing).{n}- ExplodingLossFactor is 1, but must be finite and greater than 1.", e.Message);
        Assert.AreEqual($"Invalid learning-rate finder options:{n}- EndLearningRate is 0.01, but must be greater than StartLearningRate (0.1).", r.Message);
    }

    [TestMethod]
    public void SuggestedRate_OnAnEasyProblem_ReachesALowerValidationLossThanTinyAndHugeRates()
    {
        var train = SyntheticData.Binary(_ml, 300, seed: 2);
        var valid = SyntheticData.Binary(_ml, 200, seed: 3);
        var result = new DeepMlpBinaryTrainer(Small()).FindLearningRate(train, new LearningRateFinderOptions { NumberOfSteps = 60 });

        double suggested = ValidationLoss(train, valid, result.SuggestedLearningRate);

        Assert.IsTrue(suggested < ValidationLoss(train, valid, 1e-5), $"suggested {result.SuggestedLearningRate}: {suggested}");
        Assert.IsTrue(suggested < ValidationLoss(train, valid, 10), $"suggested {result.SuggestedLearningRate}: {suggested}");
    }

    [TestMethod]
    public void SuggestionRules_OnAHandmadeCurve_PickTheirPoints()
    {
        // Flat, then falling from step 20 to 40 (steepest from 24 to 25), nearly flat to its minimum at 49, then rising: 60 steps, rates 1e-6·10^(i/10).
        var points = Enumerable.Range(0, 60).Select(i =>
        {
            double loss = i < 20 ? 1.0 : i < 40 ? 1.0 - (0.04 * (i - 20)) - (i == 25 ? 0.1 : 0) : i < 50 ? 0.2 - (0.001 * (i - 40)) : 0.195 + (0.1 * (i - 50));
            return new LearningRateFinderPoint(1e-6 * Math.Pow(10, i / 10.0), loss, loss);
        }).ToList();

        Assert.AreEqual(points[24].LearningRate, LearningRateSuggestion.Suggest(points, SuggestionRuleKind.SteepestDescent), 1e-15);
        Assert.AreEqual(points[49].LearningRate / 10, LearningRateSuggestion.Suggest(points, SuggestionRuleKind.MinimumOverTen), 1e-15);
        double valley = LearningRateSuggestion.Suggest(points, SuggestionRuleKind.Valley);
        Assert.IsTrue(valley > points[20].LearningRate && valley < points[49].LearningRate, $"{valley}");
    }

    /// <summary>The validation loss of the last epoch of a fit with <paramref name="rate"/>; infinite when the fit diverged.</summary>
    private static double ValidationLoss(IDataView train, IDataView valid, double rate)
    {
        var options = Small();
        options.LearningRate = rate;
        try
        {
            using var model = new DeepMlpBinaryTrainer(options).Fit(train, valid);
            return model.History.Epochs[^1].ValidationLoss ?? double.NaN;
        }
        catch (TrainingDivergedException)
        {
            return double.PositiveInfinity;
        }
    }

    private static string Weights(DeepMlpTransformer<BinaryClassificationTask> model)
    {
        using (model)
            return SnapshotHash.Of(model.Model.Network);
    }

    /// <summary>Every public value of an options object, recursively enough for these options.</summary>
    private static string Describe(object options) => string.Join(";", options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .OrderBy(p => p.Name).Select(p => p.Name + "=" + (p.GetValue(options) switch
        {
            int[] a => string.Join(",", a),
            System.Collections.IEnumerable items and not string => string.Join(",", items.Cast<object>()),
            var v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture),
        })));
}
