using MLNetDeep.Embeddings;
using MLNetDeep.Training;
using static TorchSharp.torch;

namespace MLNetDeep.Tests.Embeddings;

/// <summary>At the end of training, the TorchSharp network's eval outputs on <paramref name="rows"/> (features then key values), standardized with its plan.</summary>
internal sealed class EmbeddedForwardCapture(float[][] rows) : TrainingCallback
{
    /// <summary>The outputs, row-major.</summary>
    public float[] Outputs { get; private set; } = [];

    /// <summary>The trained network's embedding plan.</summary>
    public EmbeddingPlan? Plan { get; private set; }

    public override void OnTrainEnd(TrainingContext context)
    {
        var network = (EmbeddedNetwork)context.Network;
        Plan = network.EmbeddingPlan;
        network.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        using Tensor x = tensor(rows.SelectMany(r => r).ToArray(), [rows.Length, rows[0].Length]);
        new MLNetDeep.Data.FeatureScaling(Plan!.Mean, Plan.Scale).ApplyInPlace(x);
        Outputs = network.call(x).reshape(-1).data<float>().ToArray();
    }
}
