using MLNetDeep.Data;
using MLNetDeep.Native;
using static TorchSharp.torch;

namespace MLNetDeep.Training.Regularization;

/// <summary>Adds Gaussian noise N(0, σ²) to every training feature, drawn from the fit's own generator.</summary>
internal sealed class InputNoise(double standardDeviation, Generator generator) : IBatchAugmentation
{
    public Batch Apply(Batch batch, TrainingContext context)
    {
        using var noise = randn(batch.Features.shape, dtype: batch.Features.dtype, device: batch.Features.device, generator: generator);
        return batch with { Features = batch.Features + noise.Times(standardDeviation) };
    }
}
