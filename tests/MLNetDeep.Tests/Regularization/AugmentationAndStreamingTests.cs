using Microsoft.ML;
using MLNetDeep.Tests.Trainers;

namespace MLNetDeep.Tests.Regularization;

[TestClass]
public sealed class AugmentationAndStreamingTests
{
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    public void Fit_RegressionWithMixupAndNoise_StillLearnsTheRule()
    {
        var data = SyntheticData.Regression(_ml, 400);
        var options = new DeepMlpRegressionTrainer.Options
        {
            HiddenLayerSizes = [32], NumberOfEpochs = 30, BatchSize = 32, LearningRate = 0.01, Seed = 2,
            MixupAlpha = 0.2, InputNoiseStandardDeviation = 0.05,
        };

        using var model = new DeepMlpRegressionTrainer(options).Fit(data);

        Assert.IsTrue(_ml.Regression.Evaluate(model.Transform(data)).RSquared > 0.9);
    }

    [TestMethod]
    public void Fit_StreamedWithEarlyStopping_HoldsOutRowsByCoinFlip_AndSaysSo()
    {
        var data = SyntheticData.Binary(_ml, 400);
        var options = new DeepMlpBinaryTrainer.Options
        {
            HiddenLayerSizes = [8], NumberOfEpochs = 4, Seed = 1, MaxCacheSizeInMegabytes = 0, EarlyStopping = new(), ValidationFraction = 0.25,
        };

        using var model = new DeepMlpBinaryTrainer(options).Fit(data);

        Assert.IsTrue(model.History.Epochs.All(e => e.ValidationLoss is not null));
        Assert.IsTrue(model.History.Notes.Any(n => n.StartsWith("Validation data: ", StringComparison.Ordinal) && n.Contains("not stratified", StringComparison.Ordinal)),
            string.Join(" | ", model.History.Notes));
    }

    [TestMethod]
    public void Fit_StreamedWithWeightedSampling_AsksForTheCache()
    {
        var options = new DeepMlpBinaryTrainer.Options
        {
            HiddenLayerSizes = [4], NumberOfEpochs = 1, Seed = 1, MaxCacheSizeInMegabytes = 0, ClassWeighting = ClassWeighting.Balanced, WeightedSampling = true,
        };

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => new DeepMlpBinaryTrainer(options).Fit(SyntheticData.Binary(_ml, 50)));

        Assert.AreEqual("WeightedSampling needs the training data cached, but its 50 rows exceed MaxCacheSizeInMegabytes = 0. "
            + "Raise MaxCacheSizeInMegabytes, or set WeightedSampling = false to weight the loss instead.", error.Message);
    }

    [TestMethod]
    public void Fit_WithValidationDataAndValidationFraction_IgnoresTheFractionWithANote()
    {
        var data = SyntheticData.Binary(_ml, 100);
        var options = new DeepMlpBinaryTrainer.Options { HiddenLayerSizes = [4], NumberOfEpochs = 1, Seed = 1, ValidationFraction = 0.2 };

        using var model = new DeepMlpBinaryTrainer(options).Fit(data, SyntheticData.Binary(_ml, 40, seed: 2));

        CollectionAssert.Contains(model.History.Notes.ToList(), "ValidationFraction = 0.2 was ignored: validation data was passed to Fit.");
    }
}
