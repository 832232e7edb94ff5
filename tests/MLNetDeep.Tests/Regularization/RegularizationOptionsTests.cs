namespace MLNetDeep.Tests.Regularization;

[TestClass]
public sealed class RegularizationOptionsTests
{
    [TestMethod]
    public void Create_WithInvalidRegularizationOptions_ListsEachViolation()
    {
        var options = new DeepMlpBinaryTrainer.Options
        {
            L1Regularization = -1,
            InputNoiseStandardDeviation = double.NaN,
            MixupAlpha = -0.1,
            ValidationFraction = 1,
            EarlyStopping = new() { Patience = 0, MinDelta = -1, Monitor = (EarlyStoppingMonitor)7 },
            ClassWeights = [1, 2, 3],
            GpuDeviceId = -1,
        };

        var error = Assert.ThrowsExactly<ArgumentException>(() => new DeepMlpBinaryTrainer(options));

        foreach (string line in new[]
        {
            "L1Regularization is -1, but must be a finite number >= 0.",
            "InputNoiseStandardDeviation is NaN, but must be a finite number >= 0.",
            "MixupAlpha is -0.1, but must be a finite number >= 0 (0 turns mixup off).",
            "ValidationFraction is 1, but must be null or in [0, 1).",
            "EarlyStopping.Monitor is 7, but must be one of ValidationLoss, ValidationMetric.",
            "EarlyStopping.Patience is 0, but must be at least 1.",
            "EarlyStopping.MinDelta is -1, but must be a finite number >= 0.",
            "ClassWeights is [1, 2, 3], but must hold two weights for binary classification, [false, true].",
            "GpuDeviceId is -1, but must be null or at least 0.",
        })
            StringAssert.Contains(error.Message, line);
    }

    [TestMethod]
    public void Create_WeightedSamplingWithoutClassWeights_IsRejected()
    {
        // Regression options have no class weights at all: DeepMlpRegressionTrainer.Options does not derive from
        // DeepMlpClassificationOptionsBase, so setting them does not compile.
        Assert.IsFalse(typeof(DeepMlpClassificationOptionsBase).IsAssignableFrom(typeof(DeepMlpRegressionTrainer.Options)));
        var sampling = new DeepMlpBinaryTrainer.Options { WeightedSampling = true };
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new DeepMlpBinaryTrainer(sampling)).Message,
            "WeightedSampling is True, but needs class weights: set ClassWeights or ClassWeighting = Balanced.");
    }
}
