using System.Globalization;
using MLNetDeep.Checkpoints;
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
    /// <param name="checkpoints">The fit's checkpointing (resume and writing), or null.</param>
    /// <param name="member">The 0-based ensemble member.</param>
    public static NetworkSnapshot Train(
        DeepMlpOptionsBase options, TrainingData data, int featureCount, MemberSeeds seeds, Device device, TrainingHistory history, TrainingCallback monitor,
        NetworkSnapshot? initial = null, CheckpointRun? checkpoints = null, int member = 0)
    {
        PredictionTask task = data.Task;
        using var built = new MemberNetwork(options, data, featureCount, seeds, device, initial);
        var (network, optimizer) = (built.Network, built.Optimizer);

        var scheduler = OptimizationFactory.CreateScheduler(options);
        // The divergence guard comes last, so that after a restore it has the final word on the selected epoch.
        TrainingCallback[] builtIn = [.. OptimizationFactory.CreateCallbacks(options), .. RegularizationFactory.CreateCallbacks(options), new DivergenceGuard(options)];
        // Built-in callbacks that hold tensors (early stopping's best weights) free them even when Fit is cancelled.
        using var builtInResources = new CallbackResources(builtIn);
        // TensorBoard runs first, so a step is logged even when the guard or a user callback then throws; it keeps no
        // checkpoint state, so turning it on or off never changes which callback a checkpoint's state belongs to.
        using var tensorBoard = TensorBoard(options, seeds, member);
        // The layer statistics recorder runs before everything (it reads the gradients before clipping, and TensorBoard
        // then finds a step's records in the history); like TensorBoard it keeps no checkpoint state. Null when off.
        using var recorder = options.GradientStatisticsEveryNSteps > 0 ? new LayerStatisticsRecorder(options.GradientStatisticsEveryNSteps) : null;
        TrainingCallback[] saved = [.. builtIn, .. options.Callbacks];
        TrainingCallback[] logging = [.. new TrainingCallback?[] { recorder, tensorBoard }.OfType<TrainingCallback>()];
        var callbacks = new List<TrainingCallback>([.. logging, .. saved]) { monitor };
        var parts = new TrainingParts(
            RegularizationFactory.CreateAugmentations(options, built.AugmentationGenerator, seeds.MixupFactors),
            OptimizationFactory.CreateStep(options, network, task, optimizer, built.Objective, callbacks, scheduler, seeds),
            callbacks,
            scheduler);
        using var stepResources = parts.Step as IDisposable;

        var state = new MemberState(network, optimizer, [("dropout", built.DropoutGenerator), ("augmentation", built.AugmentationGenerator)], StatefulParts(parts), saved);
        var writer = checkpoints?.Writer(member, state);
        if (writer is not null)
            callbacks.Add(writer);
        Action<TrainingContext>? restore = checkpoints?.ResumeOf(member) is { } resume
            ? context => { state.Restore(resume.Sections, resume.Meta, context); writer?.Restore(resume.Sections); }
            : null;
        var context = new TrainingContext(network, optimizer, history, options.NumberOfEpochs, data.Training.RowCount);
        history.BaselineLoss = data.BaselineLoss;
        new TrainingLoop(network, task, options.BatchSize, parts).Run(context, data.Training, data.Validation, seeds, restore);
        history.SetClasses(ClassRecallEvaluation.Run(
            network, task, data.ClassCounts, data.Validation ?? data.Training, data.Validation is null ? "training" : "validation"));

        // Never export non-finite weights (a user callback may have changed them after the guard's last look).
        if (DivergenceDiagnosis.FirstNonFinite(network) is { } layer)
        {
            throw new TrainingDivergedException(history, context.Epoch, context.Step, "the weights to export are not finite", layer,
                DivergenceDiagnosis.LikelyCauses(options, float16Overflow: false));
        }
        checkpoints?.MemberFinished(member, network, history);
        return network.ToSnapshot(task, data.Standardization.Features);
    }

    /// <summary>A finished member from a checkpoint: the network these options build, with the saved weights.</summary>
    public static NetworkSnapshot Rebuild(DeepMlpOptionsBase options, TrainingData data, int featureCount, byte[] networkState)
    {
        using var generator = new Generator(0, CPU);
        using var network = NetworkFactory.Create(options, featureCount, data.Task, generator, generator, data.Embedding);
        TensorBytes.ReadInto(networkState, TensorBytes.StateOf(network), "finished member's network");
        return network.ToSnapshot(data.Task, data.Standardization.Features);
    }

    /// <summary>The member's TensorBoard run, or null when <see cref="DeepMlpOptionsBase.TensorBoardLogDirectory"/> is not set.</summary>
    private static TensorBoardLogging? TensorBoard(DeepMlpOptionsBase options, MemberSeeds seeds, int member)
    {
        if (options.TensorBoardLogDirectory is not { } root)
            return null;
        string? heading = options.EnsembleSize > 1
            ? string.Create(CultureInfo.InvariantCulture, $"Ensemble member {member + 1} of {options.EnsembleSize}; Seed is this member's.")
            : null;
        var rows = OptionsRecord.Of(options);
        rows["Seed"] = seeds.Seed.ToString(CultureInfo.InvariantCulture);
        return new TensorBoardLogging(
            TensorBoardLogging.RunFolder(root, member, options.EnsembleSize), options.TensorBoardHistogramEveryNEpochs, TensorBoardLogging.Markdown(heading, rows));
    }

    private static List<(string, ICheckpointPart)> StatefulParts(TrainingParts parts)
    {
        var stateful = new List<(string, ICheckpointPart)>();
        if (parts.Scheduler is { } scheduler)
            stateful.Add(("scheduler", scheduler));
        if (parts.Step is ICheckpointPart step)
            stateful.Add(("step", step));
        for (int i = 0; i < parts.Augmentations.Count; i++)
        {
            if (parts.Augmentations[i] is ICheckpointPart augmentation)
                stateful.Add(($"augmentation/{i}", augmentation));
        }
        return stateful;
    }
}
