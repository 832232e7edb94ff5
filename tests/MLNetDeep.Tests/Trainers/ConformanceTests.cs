using Microsoft.ML;

namespace MLNetDeep.Tests.Trainers;

/// <summary>Every trainer (and the DeepMlpEstimatorChain) passes every trait of ML.NET's estimator workout test (see <see cref="EstimatorConformance"/>).</summary>
[TestClass]
public sealed class ConformanceTests
{
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    public void BinaryTrainer_PassesEstimatorConformance() =>
        EstimatorConformance.Check(_ml,
            _ml.BinaryClassification.Trainers.DeepMlp(hiddenLayerSizes: [8], numberOfEpochs: 3, seed: 1),
            ConformanceData.Binary(_ml), "Label",
            scored => Assert.IsGreaterThan(0.5, _ml.BinaryClassification.Evaluate(scored).AreaUnderRocCurve));

    [TestMethod]
    public void MulticlassTrainer_PassesEstimatorConformance() =>
        EstimatorConformance.Check(_ml,
            _ml.MulticlassClassification.Trainers.DeepMlp(hiddenLayerSizes: [8], numberOfEpochs: 3, seed: 1),
            ConformanceData.Multiclass(_ml), "Features",
            scored => Assert.IsGreaterThan(0.34, _ml.MulticlassClassification.Evaluate(scored).MicroAccuracy));

    [TestMethod]
    public void RegressionTrainer_PassesEstimatorConformance() =>
        EstimatorConformance.Check(_ml,
            _ml.Regression.Trainers.DeepMlp(hiddenLayerSizes: [8], numberOfEpochs: 3, seed: 1),
            ConformanceData.Regression(_ml), "Label",
            scored => Assert.IsGreaterThan(0, _ml.Regression.Evaluate(scored).RSquared));

    // The trainer alone: with NormalizeMeanVariance in front, ML.NET's own EstimatorChain fails the same 8 traits (its
    // fitted chain accepts the Double and the one-feature-short inputs in GetOutputSchema and Transform).
    [TestMethod]
    public void DeepMlpEstimatorChain_PassesEstimatorConformance() =>
        EstimatorConformance.Check(_ml,
            new DeepMlpEstimatorChain<ITransformer>()
                .Append(_ml.BinaryClassification.Trainers.DeepMlp(hiddenLayerSizes: [8], numberOfEpochs: 3, seed: 1)),
            ConformanceData.Binary(_ml), "Label",
            scored => Assert.IsGreaterThan(0.5, _ml.BinaryClassification.Evaluate(scored).AreaUnderRocCurve));
}
