using TorchSharp;

namespace MLNetDeep.Training.Optimization;

/// <summary>Clamps every gradient element to [−bound, bound].</summary>
internal sealed class GradientValueClipping(double bound) : TrainingCallback
{
    public override void OnGradientsComputed(TrainingContext context) =>
        torch.nn.utils.clip_grad_value_(context.Network.parameters(), bound);
}
