using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Tests.Trainers;

/// <summary>DeepMlp inside ordinary ML.NET pipelines: cross-validation, prediction engines, key-to-value.</summary>
[TestClass]
public sealed class PipelineTests
{
    private readonly MLContext _ml = new(seed: 1);

    private sealed class Input
    {
        [VectorType(SyntheticData.FeatureCount)] public float[] Raw { get; set; } = [];
        public bool Label { get; set; }
    }

    private sealed class BinaryOutput
    {
        public float Score { get; set; }
        public float Probability { get; set; }
        public bool PredictedLabel { get; set; }
    }

    private sealed class ClassOutput
    {
        public float[] Score { get; set; } = [];
        public string PredictedClass { get; set; } = "";
    }

    [TestMethod]
    public void CrossValidate_WholeBinaryPipeline_ReportsEveryFold()
    {
        var data = SyntheticData.Binary(_ml, 300);
        var pipeline = _ml.Transforms.NormalizeMeanVariance("Features")
            .Append(_ml.BinaryClassification.Trainers.DeepMlp(hiddenLayerSizes: [8], numberOfEpochs: 15, learningRate: 0.01, batchSize: 16, seed: 1));

        var folds = _ml.BinaryClassification.CrossValidate(data, pipeline, numberOfFolds: 3);

        Assert.AreEqual(3, folds.Count, string.Join("; ", folds.Select(f => $"{f.Metrics.Accuracy:F3} {f.Metrics.AreaUnderRocCurve:F3} {f.Metrics.LogLoss:F3}")));
        Assert.IsTrue(folds.All(f => f.Metrics.Accuracy > 0.8 && f.Metrics.AreaUnderRocCurve > 0.85 && f.Metrics.LogLoss < 0.6));
    }

    [TestMethod]
    public void CrossValidate_MulticlassAndRegression_Work()
    {
        var multiclass = _ml.MulticlassClassification.CrossValidate(SyntheticData.Multiclass(_ml, 240),
            _ml.MulticlassClassification.Trainers.DeepMlp(hiddenLayerSizes: [16], numberOfEpochs: 20, learningRate: 0.01, batchSize: 16, seed: 1), numberOfFolds: 2);
        var regression = _ml.Regression.CrossValidate(SyntheticData.Regression(_ml, 240),
            _ml.Regression.Trainers.DeepMlp(hiddenLayerSizes: [8], numberOfEpochs: 15, learningRate: 0.01, batchSize: 16, seed: 1), numberOfFolds: 2);

        Assert.IsTrue(multiclass.All(f => f.Metrics.MicroAccuracy > 0.8), string.Join("; ", multiclass.Select(f => f.Metrics.MicroAccuracy)));
        Assert.IsTrue(regression.All(f => f.Metrics.RSquared > 0.8), string.Join("; ", regression.Select(f => f.Metrics.RSquared)));
    }

    [TestMethod]
    public void PredictionEngine_WithTypedClasses_MatchesTransform()
    {
        var rows = SyntheticData.Features(50, seed: 5).Select(x => new Input { Raw = x, Label = x[0] > 0 }).ToList();
        var data = _ml.Data.LoadFromEnumerable(rows);
        var model = _ml.Transforms.Concatenate("Features", "Raw")
            .Append(_ml.BinaryClassification.Trainers.DeepMlp(hiddenLayerSizes: [8], numberOfEpochs: 3, seed: 1))
            .Fit(data);

        var engine = _ml.Model.CreatePredictionEngine<Input, BinaryOutput>(model);
        var bulk = model.Transform(data).GetColumn<float>("Probability").ToArray();

        for (int i = 0; i < rows.Count; i++)
        {
            var prediction = engine.Predict(rows[i]);
            Assert.AreEqual(bulk[i], prediction.Probability, 1e-6);
            Assert.AreEqual(prediction.Score > 0, prediction.PredictedLabel);
        }
    }

    [TestMethod]
    public void MulticlassPredictedLabel_MapsBackToOriginalClassNames()
    {
        var data = SyntheticData.Multiclass(_ml, 300);
        var model = _ml.MulticlassClassification.Trainers.DeepMlp(hiddenLayerSizes: [16], numberOfEpochs: 30, learningRate: 0.01, batchSize: 16, seed: 1)
            .Append(_ml.Transforms.Conversion.MapKeyToValue("PredictedClass", "PredictedLabel"))
            .Fit(data);

        var engine = _ml.Model.CreatePredictionEngine<SyntheticData.ClassRow, ClassOutput>(model);
        var prediction = engine.Predict(new SyntheticData.ClassRow { Features = [0.9f, -0.5f, -0.5f, 0] });

        Assert.AreEqual("a", prediction.PredictedClass);
        Assert.AreEqual(3, prediction.Score.Length);
        Assert.AreEqual(1, prediction.Score.Sum(), 1e-5);
    }
}
