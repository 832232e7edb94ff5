using Microsoft.ML;
using MLNetDeep.Onnx;
using MLNetDeep.Snapshots;
using Onnx;
using MLNetDeep.Tests.Onnx;
using MLNetDeep.Tests.Persistence;

namespace MLNetDeep.Tests.Architectures;

[TestClass]
public sealed class EnsembleExportTests
{
    private const string InputName = "Features";
    private readonly MLContext _mlContext = new(seed: 1);

    /// <summary>Three hand-made members with different weights.</summary>
    private static EnsembleSnapshot ThreeMembers(Func<int, PredictionTask> head, Activation activation = Activation.GELU) =>
        new([.. Enumerable.Range(0, 3).Select(i => TestNetworks.Create(head(i), seed: 20 + i, activation: activation))]);

    public static IEnumerable<object[]> Heads =>
    [
        ["binary"],
        ["multiclass"],
        ["regression"],
    ];

    private static EnsembleSnapshot Ensemble(string task) => task switch
    {
        "binary" => ThreeMembers(_ => new BinaryClassificationTask()),
        "multiclass" => ThreeMembers(_ => new MulticlassClassificationTask(4), Activation.Sigmoid),
        _ => ThreeMembers(_ => new RegressionTask(10f, 2f), Activation.Tanh),
    };

    [TestMethod]
    [DynamicData(nameof(Heads))]
    public void Export_EnsembleOfThree_MatchesAverageOfReferenceForwardPasses(string task)
    {
        EnsembleSnapshot ensemble = Ensemble(task);
        float[][] rows = TestNetworks.Inputs(30, ensemble.InputSize);

        Dictionary<string, float[][]> outputs = OnnxRunner.Run(TestModels.Standalone(ensemble, InputName), InputName, rows);

        for (int r = 0; r < rows.Length; r++)
        {
            OnnxOutputs.AssertRow(ensemble.Task, EnsembleReference.Predict(ensemble, rows[r]), outputs, r);
        }
    }

    [TestMethod]
    [DynamicData(nameof(Heads))]
    public void Transform_EnsembleOfThree_MatchesAverageBeforeAndAfterSaveAndLoad(string task)
    {
        EnsembleSnapshot ensemble = Ensemble(task);
        var rows = TestData.Rows(ensemble.Members[0]);
        IDataView data = TestData.Load(_mlContext, ensemble.Members[0], rows);
        using var model = TestModels.Transformer(ensemble, TestData.Features, data.Schema, TestData.Label);
        string path = Path.Combine(Path.GetTempPath(), $"mlnetdeep-ensemble-{Guid.NewGuid():N}.zip");
        try
        {
            _mlContext.Model.Save(model, data.Schema, path);
            ITransformer loaded = _mlContext.Model.Load(path, out _);

            List<double[]> expected = [.. rows.Select(row => Expected(ensemble, row.Features))];
            ScoredRows.AssertEqual(expected, ScoredRows.Read(model.Transform(data), task), $"{task} Transform");
            ScoredRows.AssertEqual(expected, ScoredRows.Read(loaded.Transform(data), task), $"{task} reloaded Transform");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    [DynamicData(nameof(Heads))]
    public void Export_EnsembleOfOne_WritesTheNetworkAloneWithoutAveraging(string task)
    {
        NetworkSnapshot network = Ensemble(task).Members[0];

        foreach (OnnxHeadLayout layout in Enum.GetValues<OnnxHeadLayout>())
        {
            string[] ops = [.. ModelProto.Parser.ParseFrom(OnnxExporter.Export(EnsembleSnapshot.Of(network), InputName, layout)).Graph.Node.Select(n => n.OpType)];
            CollectionAssert.DoesNotContain(ops, "Mean", $"{task} {layout}");
            CollectionAssert.DoesNotContain(ops, "ReduceLogSumExp", $"{task} {layout}");
            Assert.AreEqual(DenseCount(network.Layers), ops.Count(o => o == "Gemm"), $"{task} {layout}: one member's dense layers");
        }
    }

    [TestMethod]
    public void Export_BinaryEnsembleWithConfidentMembers_KeepsTheScoreAccurate()
    {
        // Output weights ×5 and bias +15 push member logits to about 15, where log p − log(1 − p) in float would lose the score.
        EnsembleSnapshot ensemble = new([.. Enumerable.Range(0, 3).Select(i =>
        {
            NetworkSnapshot m = TestNetworks.Create(new BinaryClassificationTask(), seed: 40 + i);
            var last = (DenseLayer)m.Layers[^1];
            return m with { Layers = [.. m.Layers.Take(m.Layers.Count - 1), last with { Weight = [.. last.Weight.Select(w => w * 5)], Bias = [.. last.Bias.Select(b => b + 15)] }] };
        })]);
        float[][] rows = TestNetworks.Inputs(30, ensemble.InputSize);

        Dictionary<string, float[][]> outputs = OnnxRunner.Run(TestModels.Standalone(ensemble, InputName), InputName, rows);

        Assert.IsTrue(rows.Any(r => EnsembleReference.Predict(ensemble, r).Score[0] > 10), "some scores above 10");
        for (int r = 0; r < rows.Length; r++)
            Close.Assert(EnsembleReference.Predict(ensemble, rows[r]).Score, outputs["score"][r], $"row {r} score");
    }

    [TestMethod]
    public void Create_WithMembersOfDifferentTasks_Throws()
    {
        NetworkSnapshot binary = TestNetworks.Create(new BinaryClassificationTask());
        NetworkSnapshot regression = TestNetworks.Create(new RegressionTask(0f, 1f));

        var error = Assert.ThrowsExactly<ArgumentException>(() => new EnsembleSnapshot([binary, regression]));

        StringAssert.StartsWith(error.Message, "Ensemble member 1 has task RegressionTask");
    }

    private static int DenseCount(IEnumerable<SnapshotLayer> layers) =>
        layers.Sum(l => l switch { DenseLayer => 1, ResidualLayer r => DenseCount(r.Body), _ => 0 });

    /// <summary>The row as ScoredRows reads it: binary (score, probability, label), multiclass (probabilities…, class), regression (score).</summary>
    private static double[] Expected(EnsembleSnapshot ensemble, float[] features)
    {
        ReferenceOutput e = EnsembleReference.Predict(ensemble, features);
        return ensemble.Task switch
        {
            BinaryClassificationTask => [e.Score[0], e.Probability, e.Score[0] > 0 ? 1 : 0],
            MulticlassClassificationTask => [.. e.Score, e.ClassIndex + 1],
            _ => [e.Score[0]],
        };
    }
}
