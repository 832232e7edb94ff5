using MLNetDeep.Data;
using static TorchSharp.torch;

namespace MLNetDeep.Training.Regularization;

/// <summary>
/// Adds <c>coefficient · Σ|w|</c> over the weight matrices (parameters with two or more dimensions, so not biases
/// or normalization scales) to an objective.
/// </summary>
internal sealed class L1Penalty(ITrainingObjective inner, nn.Module network, double coefficient) : ITrainingObjective
{
    private readonly TorchSharp.Modules.Parameter[] _weights = network.parameters().Where(p => p.dim() >= 2).ToArray();

    public Tensor Loss(Tensor output, Batch batch)
    {
        var loss = inner.Loss(output, batch);
        foreach (var w in _weights)
        {
            using var sum = w.abs().sum();
            loss = loss + (sum * coefficient);
        }
        return loss;
    }
}
