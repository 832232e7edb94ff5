using MLNetDeep.Data;
using MLNetDeep.Native;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNetDeep.Training.Optimization;

/// <summary>
/// Float32 forward, objective and backward per batch; one optimizer update every k batches (see <see cref="TrainingStepBase"/>).
/// A plain MLP on the CPU takes the hand-written pass (<see cref="MlpBackprop"/>) whenever it applies, else autograd.
/// </summary>
internal sealed class StandardTrainingStep(
    nn.Module<Tensor, Tensor> network, optim.Optimizer optimizer, ITrainingObjective objective, IReadOnlyList<TrainingCallback> callbacks, StepSettings settings,
    MlpBackprop? backprop = null)
    : TrainingStepBase(optimizer, [.. network.parameters()], callbacks, settings), IDisposable
{
    protected override double Backward(Batch batch, double? weight)
    {
        if (backprop is not null && backprop.CanRun(batch))
            return backprop.Backward(batch, objective, weight);
        var loss = objective.Loss(network.call(batch.Features), batch);
        if (weight is { } w)
            loss.Times(w).backward();
        else
            loss.backward();
        return loss.item<float>();
    }

    public void Dispose() => backprop?.Dispose();
}
