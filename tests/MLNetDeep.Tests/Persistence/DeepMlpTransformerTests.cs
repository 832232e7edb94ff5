using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Onnx;
using MLNetDeep.Snapshots;
using MLNetDeep.Tests.Onnx;

namespace MLNetDeep.Tests.Persistence;

[TestClass]
public sealed class DeepMlpTransformerTests
{
    private readonly MLContext _mlContext = new(seed: 1);

    [TestMethod]
    public void Transform_Binary_MatchesReferenceWithMlNetColumnTypes()
    {
        NetworkSnapshot network = TestNetworks.Create(new BinaryClassificationTask(), activation: Activation.GELU);
        var rows = TestData.Rows(network);
        using DeepMlpTransformer model = TestData.Transformer(network, TestData.Load(_mlContext, network, rows));

        IDataView scored = model.Transform(TestData.Load(_mlContext, network, rows));

        Assert.AreEqual(NumberDataViewType.Single, scored.Schema["Score"].Type);
        Assert.AreEqual(NumberDataViewType.Single, scored.Schema["Probability"].Type);
        Assert.AreEqual(BooleanDataViewType.Instance, scored.Schema["PredictedLabel"].Type);
        float[] scores = scored.GetColumn<float>("Score").ToArray();
        float[] probabilities = scored.GetColumn<float>("Probability").ToArray();
        bool[] predicted = scored.GetColumn<bool>("PredictedLabel").ToArray();
        for (int i = 0; i < rows.Count; i++)
        {
            ReferenceOutput expected = ReferenceForward.Predict(network, rows[i].Features);
            Close.Assert(expected.Score[0], scores[i], $"row {i} Score");
            Close.Assert(expected.Probability, probabilities[i], $"row {i} Probability");
            Assert.AreEqual(expected.Score[0] > 0, predicted[i], $"row {i} PredictedLabel");
        }
    }

    [TestMethod]
    public void Transform_Multiclass_PredictsKeysOfTheLabelTypeWithItsClassNames()
    {
        NetworkSnapshot network = TestNetworks.Create(new MulticlassClassificationTask(4), activation: Activation.LeakyReLU);
        var rows = TestData.Rows(network);
        IDataView data = TestData.Load(_mlContext, network, rows);
        using DeepMlpTransformer model = TestData.Transformer(network, data);

        IDataView scored = model.Transform(data);

        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 4), scored.Schema["Score"].Type);
        Assert.AreEqual(data.Schema[TestData.Label].Type, scored.Schema["PredictedLabel"].Type);
        VBuffer<ReadOnlyMemory<char>> classNames = default;
        scored.Schema["PredictedLabel"].GetKeyValues(ref classNames);
        CollectionAssert.AreEqual(TestData.ClassNames, classNames.DenseValues().Select(n => n.ToString()).ToArray());
        CollectionAssert.AreEqual(TestData.ClassNames, model.ClassNames!.ToArray());
        IDataView named = _mlContext.Transforms.Conversion.MapKeyToValue("PredictedName", "PredictedLabel").Fit(scored).Transform(scored);
        string[] names = named.GetColumn<string>("PredictedName").ToArray();
        float[][] scores = scored.GetColumn<float[]>("Score").ToArray();
        for (int i = 0; i < rows.Count; i++)
        {
            ReferenceOutput expected = ReferenceForward.Predict(network, rows[i].Features);
            Close.Assert(expected.Score, scores[i], $"row {i} Score");
            Assert.AreEqual(TestData.ClassNames[expected.ClassIndex], names[i], $"row {i} PredictedLabel");
        }
    }

    [TestMethod]
    public void Transform_Regression_MatchesReferenceInLabelUnits()
    {
        NetworkSnapshot network = TestNetworks.Create(new RegressionTask(100f, 7.5f), activation: Activation.SiLU);
        var rows = TestData.Rows(network);
        IDataView data = TestData.Load(_mlContext, network, rows);
        using DeepMlpTransformer model = TestData.Transformer(network, data);

        IDataView scored = model.Transform(data);

        Assert.AreEqual(NumberDataViewType.Single, scored.Schema["Score"].Type);
        float[] scores = scored.GetColumn<float>("Score").ToArray();
        for (int i = 0; i < rows.Count; i++)
        {
            Close.Assert(ReferenceForward.Predict(network, rows[i].Features).Score[0], scores[i], $"row {i} Score");
        }
    }

    [TestMethod]
    public void Evaluate_AcceptsTheOutputOfEveryTask()
    {
        NetworkSnapshot binary = TestNetworks.Create(new BinaryClassificationTask());
        NetworkSnapshot multiclass = TestNetworks.Create(new MulticlassClassificationTask(3));
        NetworkSnapshot regression = TestNetworks.Create(new RegressionTask(1f, 2f));

        var binaryMetrics = _mlContext.BinaryClassification.Evaluate(Score(binary));
        var multiclassMetrics = _mlContext.MulticlassClassification.Evaluate(Score(multiclass));
        var regressionMetrics = _mlContext.Regression.Evaluate(Score(regression));

        Assert.IsGreaterThan(0.7, binaryMetrics.Accuracy);
        Assert.IsGreaterThan(0.7, multiclassMetrics.MicroAccuracy);
        Assert.IsLessThan(0.5, regressionMetrics.MeanAbsoluteError);
    }

    [TestMethod]
    public void Properties_DescribeTheTask()
    {
        NetworkSnapshot network = TestNetworks.Create(new MulticlassClassificationTask(3), inputSize: 5);
        using DeepMlpTransformer model = TestData.Transformer(network, TestData.Load(_mlContext, network, TestData.Rows(network)));

        Assert.AreEqual(new MulticlassClassificationTask(3), model.Task);
        Assert.AreEqual(3, model.ClassCount);
        Assert.AreEqual(5, model.InputSize);
        Assert.AreEqual(TestData.Features, model.FeatureColumnName);
        Assert.AreEqual(TestData.Label, model.LabelColumnName);
        Assert.IsTrue(model.IsRowToRowMapper);
    }

    [TestMethod]
    public void Transform_WithWrongFeatureSize_ThrowsClearError()
    {
        NetworkSnapshot network = TestNetworks.Create(new BinaryClassificationTask(), inputSize: 5);
        NetworkSnapshot other = TestNetworks.Create(new BinaryClassificationTask(), inputSize: 3);
        using DeepMlpTransformer model = TestData.Transformer(network, TestData.Load(_mlContext, network, TestData.Rows(network)));

        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => model.Transform(TestData.Load(_mlContext, other, TestData.Rows(other))));

        StringAssert.StartsWith(error.Message, "Feature column 'Features' is of type 'Vector<Single, 3>', but must be a vector of 5 Single values.");
    }

    [TestMethod]
    public void Create_WhenLabelClassCountDiffersFromNetwork_ThrowsClearError()
    {
        NetworkSnapshot threeClasses = TestNetworks.Create(new MulticlassClassificationTask(3));
        NetworkSnapshot fourClasses = TestNetworks.Create(new MulticlassClassificationTask(4));
        IDataView data = TestData.Load(_mlContext, threeClasses, TestData.Rows(threeClasses));

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => TestData.Transformer(fourClasses, data));

        Assert.AreEqual("Label column 'Label' has 3 classes, but the network has 4 outputs.", error.Message);
    }

    private IDataView Score(NetworkSnapshot network)
    {
        IDataView data = TestData.Load(_mlContext, network, TestData.Rows(network, 200));
        var model = TestData.Transformer(network, data);
        return model.Transform(data);
    }
}
