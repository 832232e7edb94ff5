using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Tests.Trainers;

[TestClass]
public sealed class TrainingDataErrorTests
{
    private readonly MLContext _ml = new(seed: 1);

    private sealed class TextLabelRow
    {
        [VectorType(2)] public float[] Features { get; set; } = [];
        public string Label { get; set; } = "";
    }

    private sealed class VariableRow
    {
        public float[] Features { get; set; } = [];
        public bool Label { get; set; }
    }

    private sealed class ThreeFeatureRow
    {
        [VectorType(3)] public float[] Features { get; set; } = [];
        public bool Label { get; set; }
    }

    private sealed class ScalarRow
    {
        [VectorType(2)] public float[] Features { get; set; } = [];
        public float Label { get; set; }
    }

    [TestMethod]
    public void Fit_WithoutFeatureColumn_NamesColumnAndAvailableColumns()
    {
        var data = SyntheticData.Binary(_ml, 10);
        var trainer = _ml.BinaryClassification.Trainers.DeepMlp(featureColumnName: "Pixels");

        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => trainer.Fit(data));

        StringAssert.StartsWith(error.Message, "Feature column 'Pixels' was not found in the training data. Available columns: 'Features', 'Label', 'Weight'. Set FeatureColumnName to the column to use.");
    }

    [TestMethod]
    public void Fit_BinaryWithTextLabel_NamesColumnTypeAndAcceptedType()
    {
        var data = _ml.Data.LoadFromEnumerable([new TextLabelRow { Features = [1, 2], Label = "yes" }]);

        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => _ml.BinaryClassification.Trainers.DeepMlp().Fit(data));

        StringAssert.StartsWith(error.Message, "Label column 'Label' is of type 'String', but must be Boolean.");
        Assert.AreEqual("LabelColumnName", error.ParamName);
    }

    [TestMethod]
    public void Fit_MulticlassWithNonKeyLabel_SaysToUseMapValueToKey()
    {
        var data = _ml.Data.LoadFromEnumerable([new ScalarRow { Features = [1, 2], Label = 1 }]);

        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => _ml.MulticlassClassification.Trainers.DeepMlp().Fit(data));

        Assert.AreEqual("Label column 'Label' is of type 'Single', but must be a key type. Convert it with mlContext.Transforms.Conversion.MapValueToKey. (Parameter 'LabelColumnName')", error.Message);
    }

    [TestMethod]
    public void Fit_MulticlassWithOneClass_SaysTwoAreNeeded()
    {
        var raw = _ml.Data.LoadFromEnumerable([new TextLabelRow { Features = [1, 2], Label = "only" }, new TextLabelRow { Features = [2, 1], Label = "only" }]);
        var data = _ml.Transforms.Conversion.MapValueToKey("Label").Fit(raw).Transform(raw);

        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => _ml.MulticlassClassification.Trainers.DeepMlp().Fit(data));

        Assert.AreEqual("Label column 'Label' has 1 class(es), but multiclass classification needs at least 2. (Parameter 'LabelColumnName')", error.Message);
    }

    [TestMethod]
    public void Fit_WithVariableSizeFeatures_SaysSizeMustBeKnown()
    {
        var data = _ml.Data.LoadFromEnumerable([new VariableRow { Features = [1, 2], Label = true }, new VariableRow { Features = [1], Label = false }]);

        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => _ml.BinaryClassification.Trainers.DeepMlp().Fit(data));

        StringAssert.StartsWith(error.Message, "Feature column 'Features' is a vector of variable size, but must have a known size.");
        Assert.AreEqual("FeatureColumnName", error.ParamName);
    }

    [TestMethod]
    public void Fit_WithValidationDataOfAnotherFeatureCount_SaysToTransformBothAlike()
    {
        var validation = _ml.Data.LoadFromEnumerable([new ThreeFeatureRow { Features = [1, 2, 3], Label = true }]);

        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(
            () => _ml.BinaryClassification.Trainers.DeepMlp().Fit(SyntheticData.Binary(_ml, 10), validation));

        Assert.AreEqual("Feature column 'Features' has 3 values in the validation data but 4 in the training data. "
            + "Transform both with the same fitted pipeline. (Parameter 'validationData')", error.Message);
    }

    [TestMethod]
    public void Fit_WithNoRows_SaysTrainingDataIsEmpty()
    {
        var data = _ml.Data.FilterRowsByColumn(SyntheticData.Binary(_ml, 10), "Weight", lowerBound: 5, upperBound: 6);

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => _ml.BinaryClassification.Trainers.DeepMlp().Fit(data));

        StringAssert.StartsWith(error.Message, "The training data has no rows.");
    }

    [TestMethod]
    public void Fit_WithNaNFeature_InErrorMode_NamesColumnRowAndSlot()
    {
        var rows = Enumerable.Range(0, 5).Select(i => new ScalarRow { Features = [i, 1], Label = i }).ToList();
        rows[3].Features[1] = float.NaN;
        var data = _ml.Data.LoadFromEnumerable(rows);
        var trainer = _ml.Regression.Trainers.DeepMlp(new DeepMlpRegressionTrainer.Options { MissingValues = MissingValueHandling.Error });

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => trainer.Fit(data));

        StringAssert.StartsWith(error.Message, "Feature column 'Features' has NaN at row 3 (0-based), slot 1.");
    }

    [TestMethod]
    public void Fit_WithInfiniteLabel_NamesColumnAndRow()
    {
        var rows = Enumerable.Range(0, 5).Select(i => new ScalarRow { Features = [i, 1], Label = i }).ToList();
        rows[2].Label = float.PositiveInfinity;
        var data = _ml.Data.LoadFromEnumerable(rows);

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => _ml.Regression.Trainers.DeepMlp().Fit(data));

        StringAssert.StartsWith(error.Message, "Label column 'Label' has Infinity at row 2 (0-based).");
    }

    [TestMethod]
    public void Fit_WithNegativeWeight_NamesWeightColumnAndRow()
    {
        var rows = Enumerable.Range(0, 4).Select(i => new SyntheticData.BinaryRow { Features = [i, 0, 0, 0], Label = i % 2 == 0, Weight = 1 }).ToList();
        rows[1].Weight = -2;
        var data = _ml.Data.LoadFromEnumerable(rows);

        var error = Assert.ThrowsExactly<InvalidOperationException>(
            () => _ml.BinaryClassification.Trainers.DeepMlp(exampleWeightColumnName: "Weight").Fit(data));

        Assert.AreEqual("Example weight column 'Weight' has -2 at row 1 (0-based), but weights must be finite and >= 0.", error.Message);
    }

    [TestMethod]
    public void GetOutputSchema_WithWrongLabelType_FailsBeforeTraining()
    {
        var data = _ml.Data.LoadFromEnumerable([new ScalarRow { Features = [1, 2], Label = 1 }]);

        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(
            () => _ml.BinaryClassification.Trainers.DeepMlp().GetOutputSchema(EstimatorConformance.ShapeOf<ScalarRow>(_ml)));

        StringAssert.StartsWith(error.Message, "Label column 'Label' is of type 'Single', but must be Boolean.");
        Assert.AreEqual("LabelColumnName", error.ParamName);
    }
}
