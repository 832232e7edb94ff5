using MLNetDeep.Modules;
using MLNetDeep.Snapshots;
using MLNetDeep.Training.Optimization;
using MLNetDeep.Training.Regularization;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNetDeep.Training;

/// <summary>
/// What one ensemble member trains with, built from the options and the member's seeds in one place for a fit and for
/// the learning-rate finder: the network (initialized, or loaded from a warm start, then moved to the device), its
/// optimizer, the device generators of dropout and augmentation, the class weights and the objective. Disposing it
/// frees all of them.
/// </summary>
internal sealed class MemberNetwork : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    /// <param name="options">The trainer's options.</param>
    /// <param name="data">The prepared data (its task and standardization).</param>
    /// <param name="featureCount">The network's input width.</param>
    /// <param name="seeds">The member's random streams.</param>
    /// <param name="device">Where to train.</param>
    /// <param name="initial">A trained member to continue from (warm start), or null.</param>
    public MemberNetwork(DeepMlpOptionsBase options, TrainingData data, int featureCount, MemberSeeds seeds, Device device, NetworkSnapshot? initial = null)
    {
        try
        {
            using var initGenerator = new Generator(seeds.Initialization, CPU);
            DropoutGenerator = Own(new Generator(seeds.Dropout, device));
            AugmentationGenerator = Own(new Generator(seeds.Augmentation, device));
            Network = Own(NetworkFactory.Create(options, featureCount, data.Task, initGenerator, DropoutGenerator, data.Embedding));
            if (initial is not null)
                Network.Load(initial, data.Standardization.Features);
            Network.to(device);
            Optimizer = Own(OptimizationFactory.CreateOptimizer(options, Network.parameters()));
            ClassWeights = data.LossClassWeights is { } weights ? Own(tensor(weights.Select(w => (float)w).ToArray(), device: device)) : null;
            Objective = RegularizationFactory.CreateObjective(options, data.Task, Network, ClassWeights);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public TabularNetwork Network { get; }

    public optim.Optimizer Optimizer { get; }

    /// <summary>Draws the dropout masks of the float32 network.</summary>
    public Generator DropoutGenerator { get; }

    /// <summary>Draws input noise and the mixup order.</summary>
    public Generator AugmentationGenerator { get; }

    /// <summary>Per-class loss weights on the device, or null.</summary>
    public Tensor? ClassWeights { get; }

    public ITrainingObjective Objective { get; }

    public void Dispose()
    {
        for (int i = _owned.Count - 1; i >= 0; i--)
            _owned[i].Dispose();
        _owned.Clear();
    }

    private T Own<T>(T resource)
        where T : IDisposable
    {
        _owned.Add(resource);
        return resource;
    }
}

/// <summary>Disposes the callbacks that own native memory (early stopping's and the guard's weight copies, clipping's buffers).</summary>
internal sealed class CallbackResources(IEnumerable<TrainingCallback> callbacks) : IDisposable
{
    public void Dispose()
    {
        foreach (var callback in callbacks)
            (callback as IDisposable)?.Dispose();
    }
}
