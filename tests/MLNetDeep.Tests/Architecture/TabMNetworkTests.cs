using MLNetDeep.Data;
using MLNetDeep.Modules;
using MLNetDeep.Onnx;
using MLNetDeep.Snapshots;
using MLNetDeep.Tests.Onnx;
using MLNetDeep.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNetDeep.Tests.Architectures;

/// <summary>
/// TabM and TabM-mini as networks: shapes, the k = 1 equivalence with a plain MLP, the ONNX graph against the TorchSharp
/// forward for every task, and the sliced members against the batched graph.
/// </summary>
[TestClass]
public sealed class TabMNetworkTests
{
    private const int Features = 5;

    public static IEnumerable<object[]> TasksAndFamilies()
    {
        foreach (Architecture family in new[] { Architecture.TabM, Architecture.TabMMini })
        {
            yield return ["binary", family, Normalization.None];
            yield return ["multiclass", family, Normalization.LayerNorm];
            yield return ["regression", family, Normalization.None];
        }
    }

    [TestMethod]
    [DataRow(Architecture.TabM)]
    [DataRow(Architecture.TabMMini)]
    public void Forward_TrainingModeGivesEveryMember_EvalModeTheirCombination(Architecture family)
    {
        using var scope = NewDisposeScope();
        var task = new MulticlassClassificationTask(3);
        using var network = Build(family, members: 4, task, Normalization.None, seed: 1);
        using var x = randn(7, Features, generator: new Generator(2, CPU));

        network.train();
        Tensor members = network.call(x);
        network.eval();
        Tensor combined = network.call(x);

        CollectionAssert.AreEqual(new long[] { 7, 4, 3 }, members.shape);
        CollectionAssert.AreEqual(new long[] { 7, 3 }, combined.shape);
        // No dropout: the combination's softmax is the mean of the members' softmax.
        Tensor mean = nn.functional.softmax(members, 2).mean([1]);
        Assert.IsTrue(nn.functional.softmax(combined, 1).allclose(mean, rtol: 1e-5, atol: 1e-6));
        Assert.IsFalse(members[.., 0].allclose(members[.., 1]), "the random signs make the members differ from the start");
    }

    [TestMethod]
    [DataRow(Architecture.TabM)]
    [DataRow(Architecture.TabMMini)]
    public void OneMember_StartsAsThePlainMlpWithTheSameInitialization(Architecture family)
    {
        using var scope = NewDisposeScope();
        var task = new BinaryClassificationTask();
        using var tabm = Build(family, members: 1, task, Normalization.LayerNorm, seed: 9);
        using var mlp = Build(Architecture.Mlp, members: 1, task, Normalization.LayerNorm, seed: 9);
        using var x = randn(11, Features, generator: new Generator(3, CPU));
        tabm.eval();
        mlp.eval();

        Tensor expected = mlp.call(x), actual = tabm.call(x);

        Assert.IsTrue(actual.allclose(expected, rtol: 0, atol: 1e-6), $"max difference {(actual - expected).abs().max().item<float>()}");
        tabm.train();
        Assert.IsTrue(tabm.call(x).squeeze(1).allclose(expected, rtol: 0, atol: 1e-6), "training mode: the one member's output");
    }

    [TestMethod]
    [DynamicData(nameof(TasksAndFamilies))]
    public void Export_TheOnnxGraphScoresLikeTheTorchForward_AndLikeItsSlicedMembers(string taskName, Architecture family, Normalization normalization)
    {
        using var scope = NewDisposeScope();
        PredictionTask task = taskName switch
        {
            "binary" => new BinaryClassificationTask(),
            "multiclass" => new MulticlassClassificationTask(3),
            _ => new RegressionTask(),
        };
        using var network = Build(family, members: 5, task, normalization, seed: 4);
        Perturb(network);
        var scaling = new FeatureScaling([0.5f, -1f, 2f, 0f, 3f], [2f, 0.5f, 1f, 4f, 1.5f]);
        float[][] rows = [.. Enumerable.Range(0, 9).Select(r => Enumerable.Range(0, Features).Select(i => (float)Math.Sin((r * 7) + (i * 3)) * 3).ToArray())];
        using var raw = tensor(rows.SelectMany(r => r).ToArray(), [rows.Length, Features]);
        using var standardized = raw.clone();
        scaling.ApplyInPlace(standardized);
        network.eval();
        Tensor combined = network.call(standardized);
        float[][] expected = Expected(task, combined);

        NetworkSnapshot snapshot = network.ToSnapshot(task, scaling);
        var batched = OnnxRunner.Run(OnnxExporter.Export(EnsembleSnapshot.Of(snapshot), "Features", OnnxHeadLayout.Standalone), "Features", rows);
        var sliced = OnnxRunner.Run(OnnxExporter.Export(new EnsembleSnapshot(TabMSlicing.Members(snapshot)), "Features", OnnxHeadLayout.Standalone), "Features", rows);

        string output = task.OnnxOutputs(OnnxHeadLayout.Standalone)[taskName == "binary" ? 1 : 0];
        for (int r = 0; r < rows.Length; r++)
        {
            Close.Assert([.. expected[r].Select(v => (double)v)], batched[output][r], $"{taskName}/{family} row {r} (TabM graph)");
            Close.Assert([.. expected[r].Select(v => (double)v)], sliced[output][r], $"{taskName}/{family} row {r} (sliced members)");
        }

        if (task is BinaryClassificationTask)
        {
            // The score is the combined logit: the logit of the members' mean probability.
            float[] logits = combined.reshape(-1).data<float>().ToArray();
            string score = task.OnnxOutputs(OnnxHeadLayout.Standalone)[0];
            Close.Assert([.. logits.Select(v => (double)v)], [.. batched[score].Select(v => v[0])], $"{family} score (TabM graph)");
        }
    }

    [TestMethod]
    [DataRow(Architecture.TabM)]
    [DataRow(Architecture.TabMMini)]
    public void Load_PutsAnExportedNetworkBack_ForOtherStandardization(Architecture family)
    {
        using var scope = NewDisposeScope();
        var task = new RegressionTask();
        using var source = Build(family, members: 3, task, Normalization.LayerNorm, seed: 5);
        Perturb(source);
        var first = new FeatureScaling([1f, 2f, 3f, 4f, 5f], [1f, 2f, 0.5f, 1f, 3f]);
        var second = new FeatureScaling([0f, -1f, 1f, 2f, 0f], [2f, 1f, 1f, 0.25f, 1f]);
        NetworkSnapshot exported = source.ToSnapshot(task, first);
        using var target = Build(family, members: 3, task, Normalization.LayerNorm, seed: 6);

        target.Load(exported, second);
        NetworkSnapshot again = target.ToSnapshot(task, second);

        var a = ((EnsembleDenseLayer)exported.Layers[0]).Bias;
        var b = ((EnsembleDenseLayer)again.Layers[0]).Bias;
        for (int i = 0; i < a.Length; i++)
            Close.Assert(a[i], b[i], $"folded bias {i}");
        CollectionAssert.AreEqual(((MemberDenseLayer)exported.Layers[^1]).Weight, ((MemberDenseLayer)again.Layers[^1]).Weight);
    }

    [TestMethod]
    [DataRow(Architecture.TabM)]
    [DataRow(Architecture.TabMMini)]
    public void CheckpointHash_TellsTwoStartingModelsApart_WithoutNormalization(Architecture family)
    {
        using var scope = NewDisposeScope();
        var task = new BinaryClassificationTask();
        using var first = Build(family, members: 3, task, Normalization.None, seed: 1);
        using var second = Build(family, members: 3, task, Normalization.None, seed: 2);
        var scaling = FeatureScaling.Identity(Features);

        string a = MLNetDeep.Checkpoints.SnapshotHash.Of(EnsembleSnapshot.Of(first.ToSnapshot(task, scaling)));
        string b = MLNetDeep.Checkpoints.SnapshotHash.Of(EnsembleSnapshot.Of(second.ToSnapshot(task, scaling)));

        Assert.AreNotEqual(a, b);
        Assert.AreEqual(a, MLNetDeep.Checkpoints.SnapshotHash.Of(EnsembleSnapshot.Of(first.ToSnapshot(task, scaling))));
    }

    [TestMethod]
    public void L1Penalty_WeighsTheWeightMatricesOnly_NotTheMembersScalingsOrBiases()
    {
        using var scope = NewDisposeScope();
        var task = new RegressionTask();
        using var network = Build(Architecture.TabM, members: 3, task, Normalization.None, seed: 1);
        var options = new DeepMlpRegressionTrainer.Options { L1Regularization = 0.5 };
        var objective = MLNetDeep.Training.Regularization.RegularizationFactory.CreateObjective(options, task, network, classWeights: null);
        var plain = MLNetDeep.Training.Regularization.RegularizationFactory.CreateObjective(new DeepMlpRegressionTrainer.Options(), task, network, classWeights: null);
        using var x = randn(4, Features, generator: new Generator(3, CPU));
        network.train();
        Tensor output = network.call(x);
        var batch = new Batch(x, zeros(4), ones(4));

        double penalty = objective.Loss(output, batch).item<float>() - plain.Loss(output, batch).item<float>();
        double expected = 0.5 * network.LayerWeights.Sum(w => w.abs().sum().item<float>());

        Assert.AreEqual(expected, penalty, 1e-3 * expected);
        Assert.AreEqual(3, network.LayerWeights.Count, "two hidden weight matrices and the members' output weights");
    }

    private static TabularNetwork Build(Architecture family, int members, PredictionTask task, Normalization normalization, int seed)
    {
        var options = new DeepMlpBinaryTrainer.Options
        {
            HiddenLayerSizes = [6, 4],
            Architecture = family,
            NumberOfTabMMembers = members,
            Normalization = normalization,
            DropoutRate = 0,
        };
        using var generator = new Generator((ulong)seed, CPU);
        return NetworkFactory.Create(options, Features, task, generator, generator);
    }

    /// <summary>Moves every parameter off its start (scalings at one, shared biases), so the export must carry each.</summary>
    private static void Perturb(TabularNetwork network)
    {
        using var _ = no_grad();
        using var generator = new Generator(77, CPU);
        foreach (var parameter in network.parameters())
            parameter.add_(randn(parameter.shape, generator: generator) * 0.3);
    }

    private static float[][] Expected(PredictionTask task, Tensor combined)
    {
        using var values = task switch
        {
            BinaryClassificationTask => sigmoid(combined),
            MulticlassClassificationTask => nn.functional.softmax(combined, 1),
            _ => combined.alias(),
        };
        int width = (int)values.shape[1];
        float[] flat = values.data<float>().ToArray();
        return [.. Enumerable.Range(0, (int)values.shape[0]).Select(r => flat.AsSpan(r * width, width).ToArray())];
    }
}
