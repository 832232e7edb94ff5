using MLNetDeep.Onnx;
using MLNetDeep.Snapshots;

namespace MLNetDeep.Tests.Onnx;

/// <summary>Hand-built snapshots with seeded random weights, so export and persistence tests need no TorchSharp.</summary>
internal static class TestNetworks
{
    public static DenseLayer Dense(Random rng, int inputs, int outputs)
    {
        float scale = 1f / MathF.Sqrt(inputs);
        return new DenseLayer(inputs, outputs, Values(rng, inputs * outputs, -scale, scale), Values(rng, outputs, -0.1f, 0.1f));
    }

    public static BatchNormLayer BatchNorm(Random rng, int width) => new(
        Values(rng, width, -0.5f, 0.5f), Values(rng, width, 0.2f, 2f), Values(rng, width, 0.5f, 1.5f), Values(rng, width, -0.3f, 0.3f), 1e-5f);

    public static LayerNormLayer LayerNorm(Random rng, int width) =>
        new(Values(rng, width, 0.5f, 1.5f), Values(rng, width, -0.3f, 0.3f), 1e-5f);

    public static ActivationLayer Activate(Activation kind) => new(kind, kind switch
    {
        Activation.LeakyReLU => 0.01f,
        Activation.ELU => 1.3f,
        _ => 0f,
    });

    /// <summary>Dense → norm → activation blocks (every layer kind appears), then a dense layer to the head width.</summary>
    public static NetworkSnapshot Create(PredictionTask head, int inputSize = 5, int seed = 1, Activation activation = Activation.ReLU, int hidden = 8)
    {
        var rng = new Random(seed);
        int outputs = head is MulticlassClassificationTask m ? m.ClassCount : 1;
        var layers = new List<SnapshotLayer>
        {
            Dense(rng, inputSize, hidden),
            BatchNorm(rng, hidden),
            Activate(activation),
            new ResidualLayer([Dense(rng, hidden, hidden), LayerNorm(rng, hidden), Activate(activation)]),
            Dense(rng, hidden, outputs),
        };
        return new NetworkSnapshot(inputSize, layers, head);
    }

    /// <summary>One layer (plus the dense layers it needs around it) followed by <paramref name="head"/>.</summary>
    public static NetworkSnapshot Single(SnapshotLayer layer, int width, PredictionTask head, int seed = 2)
    {
        var rng = new Random(seed);
        int outputs = head is MulticlassClassificationTask m ? m.ClassCount : 1;
        return new NetworkSnapshot(width, [layer, Dense(rng, width, outputs)], head);
    }

    public static float[][] Inputs(int rows, int width, int seed = 7)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, rows).Select(_ => Values(rng, width, -2f, 2f)).ToArray();
    }

    public static float[] Values(Random rng, int count, float min, float max) =>
        Enumerable.Range(0, count).Select(_ => min + (float)rng.NextDouble() * (max - min)).ToArray();
}
