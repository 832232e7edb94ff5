using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Tests.Trainers;

/// <summary>GetOutputSchema (schema shapes) and Fit (data) check columns with one set of rules, so they fail with the same message.</summary>
[TestClass]
public sealed class ColumnRulesTests
{
    private readonly MLContext _ml = new(seed: 1);

    private sealed class TextFeaturesRow
    {
        [VectorType(2)] public string[] Features { get; set; } = [];
        public bool Label { get; set; }
        public float Weight { get; set; }
    }

    private sealed class ScalarLabelRow
    {
        [VectorType(2)] public float[] Features { get; set; } = [];
        public float Label { get; set; }
        public bool Weight { get; set; }
    }

    private sealed class ByteKeyRow
    {
        [VectorType(2)] public float[] Features { get; set; } = [];
        [KeyType(3)] public byte Label { get; set; }
    }

    public static IEnumerable<object[]> Cases =>
    [
        ["binary label", "Label column 'Label' is of type 'Single', but must be Boolean.", "LabelColumnName"],
        ["multiclass label", "Label column 'Label' is of type 'Single', but must be a key type.", "LabelColumnName"],
        ["multiclass byte key", "Label column 'Label' is a key of Byte; only UInt32 keys (as made by MapValueToKey) are supported.", "LabelColumnName"],
        ["feature type", "Feature column 'Features' is of type 'Vector<String>", "FeatureColumnName"],
        ["weight type", "Example weight column 'Weight' is of type 'Boolean', but must be Single.", "ExampleWeightColumnName"],
    ];

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void SchemaShapeAndData_FailWithTheSameMessage(string problem, string expected, string option)
    {
        (IEstimator<ITransformer> trainer, IDataView data, SchemaShape shape) = problem switch
        {
            "binary label" => (Binary(), Scalar(), EstimatorConformance.ShapeOf<ScalarLabelRow>(_ml)),
            "multiclass label" => ((IEstimator<ITransformer>)_ml.MulticlassClassification.Trainers.DeepMlp(), Scalar(), EstimatorConformance.ShapeOf<ScalarLabelRow>(_ml)),
            "multiclass byte key" => ((IEstimator<ITransformer>)_ml.MulticlassClassification.Trainers.DeepMlp(),
                _ml.Data.LoadFromEnumerable([new ByteKeyRow { Features = [1, 2], Label = 1 }]), EstimatorConformance.ShapeOf<ByteKeyRow>(_ml)),
            "feature type" => (Binary(), _ml.Data.LoadFromEnumerable([new TextFeaturesRow { Features = ["a", "b"] }]), EstimatorConformance.ShapeOf<TextFeaturesRow>(_ml)),
            _ => (_ml.Regression.Trainers.DeepMlp(exampleWeightColumnName: "Weight"), Scalar(), EstimatorConformance.ShapeOf<ScalarLabelRow>(_ml)),
        };

        // A schema mismatch, thrown as ML.NET's trainers throw it, naming the option that chose the column.
        var shapeError = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => trainer.GetOutputSchema(shape));
        var dataError = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => trainer.Fit(data));
        (string fromShape, string fromData) = (shapeError.Message, dataError.Message);

        StringAssert.StartsWith(fromShape, expected);
        Assert.AreEqual(option, shapeError.ParamName);
        Assert.AreEqual(option, dataError.ParamName);
        Assert.AreEqual(fromShape.Replace("Vector<String>", "Vector<String, 2>", StringComparison.Ordinal), fromData, problem);
    }

    [TestMethod]
    public void MissingColumn_NamesWhereItWasLooked()
    {
        var trainer = _ml.BinaryClassification.Trainers.DeepMlp(featureColumnName: "Pixels");

        string fromShape = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => trainer.GetOutputSchema(EstimatorConformance.ShapeOf<SyntheticData.BinaryRow>(_ml))).Message;
        string fromData = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => trainer.Fit(SyntheticData.Binary(_ml, 5))).Message;

        Assert.AreEqual(fromShape.Replace("input schema", "training data", StringComparison.Ordinal), fromData);
    }

    private DeepMlpBinaryTrainer Binary() => _ml.BinaryClassification.Trainers.DeepMlp();

    private IDataView Scalar() => _ml.Data.LoadFromEnumerable([new ScalarLabelRow { Features = [1, 2], Label = 1 }]);
}
