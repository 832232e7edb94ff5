using TorchSharp;

namespace MLNetDeep.Training.Optimization;

/// <summary>Rescales all gradients together so that their global L2 norm is at most the bound.</summary>
internal sealed class GradientNormClipping(double maxNorm) : TrainingCallback
{
    public override void OnGradientsComputed(TrainingContext context) =>
        torch.nn.utils.clip_grad_norm_(context.Network.parameters(), maxNorm);
}
