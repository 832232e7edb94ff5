using MLNetDeep.Checkpoints;
using MLNetDeep.Data;
using MLNetDeep.Native;
using static TorchSharp.torch;

namespace MLNetDeep.Training.Regularization;

/// <summary>
/// Mixup (Zhang et al., 2018): mixes the batch with itself in shuffled order, λ·x + (1 − λ)·x[perm], λ ~ Beta(α, α)
/// per batch. The example weights are mixed the same way; the labels of the shuffled rows and λ travel with the
/// batch for the objective. λ comes from <paramref name="random"/> and the order from <paramref name="generator"/>,
/// both seeded by the fit.
/// </summary>
internal sealed class Mixup(double alpha, Generator generator, ReplayableRandom random) : IBatchAugmentation, ICheckpointPart
{
    public Batch Apply(Batch batch, TrainingContext context)
    {
        if (batch.Rows < 2)
            return batch;
        double lambda = BetaSampler.Sample(random, alpha);
        using var order = randperm(batch.Rows, generator: generator, device: batch.Features.device);
        using var otherFeatures = batch.Features.index_select(0, order);
        using var otherWeights = batch.Weights.index_select(0, order);
        return new Batch(
            batch.Features.Times(lambda) + otherFeatures.Times(1 - lambda),
            batch.Labels,
            batch.Weights.Times(lambda) + otherWeights.Times(1 - lambda))
        {
            MixLabels = batch.Labels.index_select(0, order),
            MixLambda = lambda,
        };
    }

    public void Save(CheckpointState state) => random.Save(state);

    public void Restore(CheckpointState state) => random.Restore(state);
}
