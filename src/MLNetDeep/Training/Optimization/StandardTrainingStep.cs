using MLNetDeep.Data;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNetDeep.Training.Optimization;

/// <summary>Float32 forward, objective and backward per batch; one optimizer update every k batches (see <see cref="TrainingStepBase"/>).</summary>
internal sealed class StandardTrainingStep(
    nn.Module<Tensor, Tensor> network, optim.Optimizer optimizer, ITrainingObjective objective, IReadOnlyList<TrainingCallback> callbacks, StepSettings settings)
    : TrainingStepBase(optimizer, [.. network.parameters()], callbacks, settings)
{
    protected override double Backward(Batch batch, double? weight)
    {
        var loss = objective.Loss(network.call(batch.Features), batch);
        if (weight is { } w)
            (loss * w).backward();
        else
            loss.backward();
        return loss.item<float>();
    }
}
