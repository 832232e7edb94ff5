using Microsoft.ML;

namespace MLNetDeep.Tests.Trainers;

[TestClass]
public sealed class ConformanceTests
{
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    public void BinaryTrainer_PassesEstimatorConformance() =>
        EstimatorConformance.Check(_ml,
            _ml.BinaryClassification.Trainers.DeepMlp(hiddenLayerSizes: [8], numberOfEpochs: 3, seed: 1),
            SyntheticData.Binary(_ml, 120), EstimatorConformance.ShapeOf<SyntheticData.BinaryRow>(_ml), "Label",
            scored => Assert.IsTrue(_ml.BinaryClassification.Evaluate(scored).AreaUnderRocCurve > 0.5));

    [TestMethod]
    public void MulticlassTrainer_PassesEstimatorConformance() =>
        EstimatorConformance.Check(_ml,
            _ml.MulticlassClassification.Trainers.DeepMlp(hiddenLayerSizes: [8], numberOfEpochs: 3, seed: 1),
            SyntheticData.Multiclass(_ml, 120),
            _ml.Transforms.Conversion.MapValueToKey("Label", "Class").GetOutputSchema(EstimatorConformance.ShapeOf<SyntheticData.ClassRow>(_ml)),
            "Features",
            scored => Assert.IsTrue(_ml.MulticlassClassification.Evaluate(scored).MicroAccuracy > 0.34));

    [TestMethod]
    public void RegressionTrainer_PassesEstimatorConformance() =>
        EstimatorConformance.Check(_ml,
            _ml.Regression.Trainers.DeepMlp(hiddenLayerSizes: [8], numberOfEpochs: 3, seed: 1),
            SyntheticData.Regression(_ml, 120), EstimatorConformance.ShapeOf<SyntheticData.RegressionRow>(_ml), "Label",
            scored => Assert.IsTrue(_ml.Regression.Evaluate(scored).RSquared > 0));
}
