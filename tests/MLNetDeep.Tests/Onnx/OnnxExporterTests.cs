using Google.Protobuf;
using MLNetDeep.Onnx;
using MLNetDeep.Snapshots;
using Onnx;

namespace MLNetDeep.Tests.Onnx;

[TestClass]
public sealed class OnnxExporterTests
{
    private const string InputName = "Features";

    [TestMethod]
    [DataRow(Activation.ReLU)]
    [DataRow(Activation.LeakyReLU)]
    [DataRow(Activation.ELU)]
    [DataRow(Activation.GELU)]
    [DataRow(Activation.SiLU)]
    [DataRow(Activation.Tanh)]
    [DataRow(Activation.Sigmoid)]
    public void Export_EachActivation_MatchesReferenceForwardPass(Activation activation)
    {
        var network = TestNetworks.Single(TestNetworks.Activate(activation), 6, new RegressionTask(0f, 1f));

        AssertOnnxMatchesReference(network);
    }

    [TestMethod]
    public void Export_BatchNorm_MatchesReferenceForwardPass() =>
        AssertOnnxMatchesReference(TestNetworks.Single(TestNetworks.BatchNorm(new Random(3), 6), 6, new RegressionTask(0f, 1f)));

    [TestMethod]
    public void Export_LayerNorm_MatchesReferenceForwardPass() =>
        AssertOnnxMatchesReference(TestNetworks.Single(TestNetworks.LayerNorm(new Random(3), 6), 6, new RegressionTask(0f, 1f)));

    [TestMethod]
    public void Export_Residual_MatchesReferenceForwardPass()
    {
        var rng = new Random(4);
        var residual = new ResidualLayer([TestNetworks.Dense(rng, 6, 6), TestNetworks.Activate(Activation.GELU), TestNetworks.Dense(rng, 6, 6)]);

        AssertOnnxMatchesReference(TestNetworks.Single(residual, 6, new RegressionTask(0f, 1f)));
    }

    [TestMethod]
    public void Export_BinaryHead_GivesLogitAndProbability() =>
        AssertOnnxMatchesReference(TestNetworks.Create(new BinaryClassificationTask(), activation: Activation.SiLU));

    [TestMethod]
    public void Export_MulticlassHead_GivesSoftmaxAndArgMax() =>
        AssertOnnxMatchesReference(TestNetworks.Create(new MulticlassClassificationTask(4), activation: Activation.ELU));

    [TestMethod]
    public void Export_RegressionHead_ScalesAndOffsetsTheOutput() =>
        AssertOnnxMatchesReference(TestNetworks.Create(new RegressionTask(12.5f, 3.25f), activation: Activation.Tanh));

    [TestMethod]
    public void Export_WritesProducerOpsetAndSymbolicBatchInput()
    {
        var network = TestNetworks.Create(new BinaryClassificationTask(), inputSize: 5);

        ModelProto model = ModelProto.Parser.ParseFrom(TestModels.Standalone(network, InputName));

        Assert.AreEqual("MLNetDeep", model.ProducerName);
        Assert.AreEqual(17L, model.OpsetImport.Single(o => o.Domain.Length == 0).Version);
        ValueInfoProto input = model.Graph.Input.Single();
        Assert.AreEqual(InputName, input.Name);
        Assert.AreEqual((int)TensorProto.Types.DataType.Float, input.Type.TensorType.ElemType);
        Assert.AreEqual("batch", input.Type.TensorType.Shape.Dim[0].DimParam);
        Assert.AreEqual(5L, input.Type.TensorType.Shape.Dim[1].DimValue);
        Assert.AreEqual("score,probability", string.Join(",", model.Graph.Output.Select(o => o.Name)));
    }

    [TestMethod]
    public void Export_GeluUsesOnlyBasicOperators()
    {
        var network = TestNetworks.Single(TestNetworks.Activate(Activation.GELU), 3, new RegressionTask(0f, 1f));

        ModelProto model = ModelProto.Parser.ParseFrom(TestModels.Standalone(network, InputName));

        string[] ops = model.Graph.Node.Select(n => n.OpType).ToArray();
        CollectionAssert.Contains(ops, "Erf");
        CollectionAssert.DoesNotContain(ops, "Gelu");
    }

    [TestMethod]
    public void Export_WhenHeadWidthDoesNotMatchLastLayer_Throws()
    {
        var network = TestNetworks.Create(new MulticlassClassificationTask(3)) with { Task = new MulticlassClassificationTask(4) };

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => TestModels.Standalone(network, InputName));

        Assert.AreEqual("The multiclass head needs 4 network output(s), but the last layer gives 3.", error.Message);
    }

    internal static void AssertOnnxMatchesReference(NetworkSnapshot network)
    {
        float[][] rows = TestNetworks.Inputs(20, network.InputSize);

        Dictionary<string, float[][]> outputs = OnnxRunner.Run(TestModels.Standalone(network, InputName), InputName, rows);

        for (int r = 0; r < rows.Length; r++)
        {
            OnnxOutputs.AssertRow(network.Task, ReferenceForward.Predict(network, rows[r]), outputs, r);
        }
    }
}
