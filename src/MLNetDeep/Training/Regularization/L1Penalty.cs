using MLNetDeep.Data;
using MLNetDeep.Native;
using static TorchSharp.torch;

namespace MLNetDeep.Training.Regularization;

/// <summary>
/// Adds <c>coefficient · Σ|w|</c> over the network's weight matrices (<see cref="Modules.TabularNetwork.LayerWeights"/>:
/// not biases, normalization scales or TabM's per-member scalings) to an objective.
/// </summary>
internal sealed class L1Penalty(ITrainingObjective inner, Modules.TabularNetwork network, double coefficient) : ITrainingObjective
{
    private readonly Tensor[] _weights = [.. network.LayerWeights];

    public Tensor Loss(Tensor output, Batch batch)
    {
        var loss = inner.Loss(output, batch);
        foreach (var w in _weights)
        {
            using var sum = w.abs().sum();
            loss = loss + sum.Times(coefficient);
        }
        return loss;
    }
}
