using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MLNetDeep.Embeddings;
using MLNetDeep.Modules;
using MLNetDeep.Onnx;
using MLNetDeep.Snapshots;
using MLNetDeep.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNetDeep.Tests.Embeddings;

/// <summary>
/// Each input embedding, behind each network family: the ONNX graph (key columns as uint32 inputs) scores like the
/// TorchSharp forward within 1e-5, keys outside the trained range included; shapes and the unknown key.
/// </summary>
[TestClass]
public sealed class EmbeddingExportTests
{
    private const int Numeric = 3;
    private static readonly int[] Cardinalities = [4, 6];
    private static readonly string[] KeyNames = ["Color", "Shape"];

    public static IEnumerable<object[]> Cases()
    {
        foreach (NumericalEmbedding numerical in Enum.GetValues<NumericalEmbedding>())
        {
            yield return [numerical, true, Architecture.Mlp];
            yield return [numerical, false, Architecture.Mlp];
            yield return [numerical, true, Architecture.TabM];
        }
    }

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void Export_ScoresLikeTheTorchForward(NumericalEmbedding numerical, bool keys, Architecture family)
    {
        using var scope = NewDisposeScope();
        var plan = Plan(numerical, keys);
        using var generator = new Generator(5, CPU);
        var options = new DeepMlpBinaryTrainer.Options { HiddenLayerSizes = [5], DropoutRate = 0, Architecture = family, NumberOfTabMMembers = 3 };
        using var network = NetworkFactory.Create(options, plan.InputSize, new BinaryClassificationTask(), generator, generator, plan);
        Perturb(network);
        float[][] rows = Rows(keys);

        network.eval();
        using var raw = tensor(rows.SelectMany(r => r).ToArray(), [rows.Length, plan.InputSize]);
        using var standardized = raw.clone();
        new MLNetDeep.Data.FeatureScaling(plan.Mean, plan.Scale).ApplyInPlace(standardized);
        float[] expected = sigmoid(network.call(standardized)).data<float>().ToArray();

        var snapshot = network.ToSnapshot(new BinaryClassificationTask(), new MLNetDeep.Data.FeatureScaling(plan.Mean, plan.Scale));
        byte[] model = OnnxExporter.Export(EnsembleSnapshot.Of(snapshot), "Features", OnnxHeadLayout.Standalone, null, keys ? KeyNames : null);
        float[] actual = Run(model, rows, keys ? KeyNames.Length : 0);

        Assert.AreEqual(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.AreEqual(expected[i], actual[i], 1e-5, $"row {i} ({numerical}, keys {keys}, {family})");
    }

    [TestMethod]
    public void Forward_GivesTheEncodedWidth_AndOutOfRangeKeysUseTheUnknownRow()
    {
        using var scope = NewDisposeScope();
        var plan = Plan(NumericalEmbedding.PiecewiseLinear, keys: true);
        using var generator = new Generator(1, CPU);
        using var embedding = new FeatureEmbedding(plan, generator, generator);
        embedding.eval();
        using var x = tensor(new float[] { 0, 0, 0, 2, 3, 0, 0, 0, 0, 5, 0, 0, 0, 0, -2, 9 }.Take(10).ToArray(), [2, 5]);

        TorchSharp.torch.Tensor y = embedding.call(x);

        Assert.AreEqual(Numeric * plan.Bins + plan.Dimensions.Sum(), plan.OutputWidth);
        CollectionAssert.AreEqual(new long[] { 2, plan.OutputWidth }, y.shape);
        // Row 1 has Color 0 (missing) and Shape 5 (in range): Color's slice is the table's row 0.
        TorchSharp.torch.Tensor color = y[1].narrow(0, plan.NumericWidth, plan.Dimensions[0]);
        Assert.IsTrue(color.allclose(embedding.Tables[0][0]));
        using var outOfRange = tensor(new float[] { 0, 0, 0, 5, 99 }, [1, 5]);
        TorchSharp.torch.Tensor unknownBoth = embedding.call(outOfRange);
        Assert.IsTrue(unknownBoth[0].narrow(0, plan.NumericWidth, plan.Dimensions[0]).allclose(embedding.Tables[0][0]), "key 5 > 4 keys: unknown");
        Assert.IsTrue(unknownBoth[0].narrow(0, plan.NumericWidth + plan.Dimensions[0], plan.Dimensions[1]).allclose(embedding.Tables[1][0]), "key 99: unknown");
    }

    [TestMethod]
    public void Training_ReplacesAboutTheUnknownRateOfKeys()
    {
        using var scope = NewDisposeScope();
        var plan = Plan(NumericalEmbedding.None, keys: true) with { UnknownKeyRate = 0.25 };
        using var generator = new Generator(3, CPU);
        using var embedding = new FeatureEmbedding(plan, generator, generator);
        embedding.train();
        var values = new float[4000 * 5];
        for (int r = 0; r < 4000; r++)
            values[(r * 5) + 3] = 2;
        using var x = tensor(values, [4000, 5]);

        TorchSharp.torch.Tensor y = embedding.call(x).narrow(1, plan.NumericWidth, plan.Dimensions[0]);
        double unknownShare = y.eq(embedding.Tables[0][0].unsqueeze(0)).all(1).to(ScalarType.Float32).mean().item<float>();

        Assert.AreEqual(0.25, unknownShare, 0.03);
    }

    internal static EmbeddingPlan Plan(NumericalEmbedding numerical, bool keys)
    {
        int[] cardinalities = keys ? Cardinalities : [];
        int inputs = Numeric + cardinalities.Length;
        float[] mean = [0.5f, -1f, 2f, .. cardinalities.Select(_ => 0f)];
        float[] scale = [2f, 0.5f, 1.5f, .. cardinalities.Select(_ => 1f)];
        const int bins = 4;
        var left = new float[Numeric * bins];
        var width = new float[Numeric * bins];
        Array.Fill(left, EmbeddingPlan.UnusedBinLeft);
        Array.Fill(width, 1f);
        var random = new Random(2);
        for (int f = 0; f < Numeric; f++)
        {
            double[] edges = BinEdges.Quantiles([.. Enumerable.Range(0, 200).Select(_ => f == 2 ? Math.Round(random.NextDouble()) : (random.NextDouble() * 4) - 2)], bins);
            for (int b = 0; b + 1 < edges.Length; b++)
            {
                left[(f * bins) + b] = (float)edges[b];
                width[(f * bins) + b] = (float)(edges[b + 1] - edges[b]);
            }
        }
        return new EmbeddingPlan(inputs, Numeric, cardinalities, [.. cardinalities.Select(c => c == 4 ? 3 : 2)], 0.02, mean, scale,
            numerical, bins, left, width, Frequencies: 3, Sigma: 0.5, Dimension: 4);
    }

    /// <summary>Rows with numeric values around the standardization and keys 0 (missing), in range, and above the count.</summary>
    private static float[][] Rows(bool keys) => [.. Enumerable.Range(0, 12).Select(r =>
    {
        float[] numeric = [(float)Math.Sin(r) * 4, (float)Math.Cos(r * 3) * 2 - 1, r % 2];
        return keys ? [.. numeric, r % 7, (r * 5) % 9] : numeric;
    })];

    private static float[] Run(byte[] model, float[][] rows, int keyCount)
    {
        using var session = new InferenceSession(model);
        int features = rows[0].Length - keyCount;
        var inputs = new List<NamedOnnxValue>
        {
            NamedOnnxValue.CreateFromTensor("Features", new DenseTensor<float>(rows.SelectMany(r => r.Take(features)).ToArray(), [rows.Length, features])),
        };
        for (int k = 0; k < keyCount; k++)
            inputs.Add(NamedOnnxValue.CreateFromTensor(KeyNames[k], new DenseTensor<uint>(rows.Select(r => (uint)r[features + k]).ToArray(), [rows.Length, 1])));
        using var results = session.Run(inputs);
        return results.First(r => r.Name == "probability").AsTensor<float>().ToArray();
    }

    private static void Perturb(TabularNetwork network)
    {
        using var _ = no_grad();
        using var generator = new Generator(77, CPU);
        foreach (var parameter in network.parameters())
            parameter.add_(randn(parameter.shape, generator: generator) * 0.3);
    }
}
