using MLNetDeep.Data;
using static TorchSharp.torch;

namespace MLNetDeep.Training.Optimization;

/// <summary>Forward, objective, backward, gradient callbacks, one optimizer update per batch.</summary>
internal sealed class StandardTrainingStep(
    nn.Module<Tensor, Tensor> network, optim.Optimizer optimizer, ITrainingObjective objective, IReadOnlyList<TrainingCallback> callbacks) : ITrainingStep
{
    public double Run(Batch batch, TrainingContext context)
    {
        optimizer.zero_grad();
        var loss = objective.Loss(network.call(batch.Features), batch);
        loss.backward();
        foreach (var c in callbacks) c.OnGradientsComputed(context);
        optimizer.step();
        context.Step++;
        return loss.item<float>();
    }
}
