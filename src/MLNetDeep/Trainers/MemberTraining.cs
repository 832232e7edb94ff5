using MLNetDeep.Data;
using MLNetDeep.Modules;
using MLNetDeep.Snapshots;
using MLNetDeep.Training;
using MLNetDeep.Training.Optimization;
using MLNetDeep.Training.Regularization;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNetDeep;

/// <summary>
/// The second half of <c>Fit</c>: trains one ensemble member on the prepared data (network, optimizer, scheduler,
/// callbacks, objective, augmentations and step, all built from the options and the member's seeds) and returns it
/// as a <see cref="NetworkSnapshot"/>.
/// </summary>
internal static class MemberTraining
{
    /// <param name="options">The trainer's options.</param>
    /// <param name="data">The prepared batch sources.</param>
    /// <param name="featureCount">The network's input width.</param>
    /// <param name="seeds">The member's random streams.</param>
    /// <param name="device">Where to train.</param>
    /// <param name="history">The member's history.</param>
    /// <param name="monitor">Cancellation, progress and log; runs after every other callback.</param>
    /// <param name="initial">A trained member to continue from (warm start), or null to start from the initialization.</param>
    public static NetworkSnapshot Train(
        DeepMlpOptionsBase options, TrainingData data, int featureCount, MemberSeeds seeds, Device device, TrainingHistory history, TrainingCallback monitor,
        NetworkSnapshot? initial = null)
    {
        PredictionTask task = data.Task;
        using var initGenerator = new Generator(seeds.Initialization, CPU);
        using var dropoutGenerator = new Generator(seeds.Dropout, device);
        using var augmentGenerator = new Generator(seeds.Augmentation, device);
        using var network = NetworkFactory.Create(options, featureCount, task.OutputSize, initGenerator, dropoutGenerator);
        if (initial is not null)
            network.Load(initial, data.Standardization.Features);
        network.to(device);
        using var optimizer = OptimizationFactory.CreateOptimizer(options, network.parameters());
        using var classWeights = data.LossClassWeights is { } weights ? tensor(weights.Select(w => (float)w).ToArray(), device: device) : null;

        var scheduler = OptimizationFactory.CreateScheduler(options);
        // The divergence guard comes last, so that after a restore it has the final word on the selected epoch.
        TrainingCallback[] builtIn = [.. OptimizationFactory.CreateCallbacks(options), .. RegularizationFactory.CreateCallbacks(options), new DivergenceGuard(options)];
        // Built-in callbacks that hold tensors (early stopping's best weights) free them even when Fit is cancelled.
        using var builtInResources = new CallbackResources(builtIn);
        var callbacks = new List<TrainingCallback>(builtIn);
        callbacks.AddRange(options.Callbacks);
        callbacks.Add(monitor);
        var objective = RegularizationFactory.CreateObjective(options, task, network, classWeights);
        var parts = new TrainingParts(
            RegularizationFactory.CreateAugmentations(options, augmentGenerator, seeds.MixupFactors),
            OptimizationFactory.CreateStep(options, network, optimizer, objective, callbacks, scheduler, seeds),
            callbacks,
            scheduler);
        using var stepResources = parts.Step as IDisposable;

        var context = new TrainingContext(network, optimizer, history, options.NumberOfEpochs, data.Training.RowCount);
        new TrainingLoop(network, task, options.BatchSize, parts).Run(context, data.Training, data.Validation, seeds);

        // Never export non-finite weights (a user callback may have changed them after the guard's last look).
        if (DivergenceDiagnosis.FirstNonFinite(network) is { } layer)
        {
            throw new TrainingDivergedException(history, context.Epoch, context.Step, "the weights to export are not finite", layer,
                DivergenceDiagnosis.LikelyCauses(options, float16Overflow: false));
        }
        return network.ToSnapshot(task, data.Standardization.Features);
    }

    /// <summary>Disposes the built-in callbacks that own native memory.</summary>
    private sealed class CallbackResources(IEnumerable<TrainingCallback> callbacks) : IDisposable
    {
        public void Dispose()
        {
            foreach (var callback in callbacks)
                (callback as IDisposable)?.Dispose();
        }
    }
}
