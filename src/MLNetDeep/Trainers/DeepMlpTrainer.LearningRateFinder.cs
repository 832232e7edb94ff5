using System.Globalization;
using Microsoft.ML;
using MLNetDeep.Data;
using MLNetDeep.Embeddings;
using MLNetDeep.Native;
using MLNetDeep.Training;
using MLNetDeep.Training.Optimization;
using MLNetDeep.Training.Regularization;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNetDeep;

// The learning-rate finder: a range test on a fresh network built from the trainer's options.
public partial class DeepMlpTrainer<TTask, TOptions>
{
    /// <summary>
    /// Runs the learning-rate range test (Smith 2015; fastai's <c>lr_find</c>) and suggests a
    /// <see cref="DeepMlpOptionsBase.LearningRate"/>. A fresh network with the options' architecture, initialization,
    /// optimizer (with its momentum and weight decay), loss, clipping, gradient accumulation, mixed precision,
    /// augmentations and batch size trains on the training rows a <c>Fit</c> would use (after any
    /// <see cref="DeepMlpOptionsBase.ValidationFraction"/> split), with a rate that grows exponentially from
    /// <see cref="LearningRateFinderOptions.StartLearningRate"/> to <see cref="LearningRateFinderOptions.EndLearningRate"/>
    /// over <see cref="LearningRateFinderOptions.NumberOfSteps"/> optimizer steps (the batches are reused pass after pass
    /// as needed). It records each step's loss and its smoothed loss and stops early when the smoothed loss explodes.
    /// <para>
    /// Nothing of the trainer changes: its options stay as they are, and later fits train exactly as they would have
    /// without the test. The test uses the options' <see cref="DeepMlpOptionsBase.Seed"/> when set, else a random seed
    /// (it never draws from the <c>MLContext</c>'s seeded generator, which would change the seeds of later fits); the
    /// result gives the seed. Without a seed, a carved validation split and the initial weights therefore differ from the
    /// next <c>Fit</c>'s; set <see cref="DeepMlpOptionsBase.Seed"/> to test exactly what <c>Fit</c> will train. The learning-rate schedule, warm-up, epochs, early stopping, the divergence guard,
    /// checkpoints, the run log, TensorBoard, user callbacks and progress are not used; with
    /// <see cref="DeepMlpOptionsBase.EnsembleSize"/> &gt; 1 one network (member 0's) is tested, and the rate applies to
    /// every member. Cancellation (the options' token or the context) stops it within one batch.
    /// </para>
    /// </summary>
    /// <param name="trainingData">The training data, with the columns and types <c>Fit</c> needs.</param>
    /// <param name="options">The range and stopping rule; null uses the defaults (1e-7 to 10 over 100 steps).</param>
    /// <returns>The curve, the suggested rate and the rule that chose it.</returns>
    /// <exception cref="ArgumentException">An option of <paramref name="options"/> is invalid (the message lists each), or the data's columns do not fit.</exception>
    public LearningRateFinderResult FindLearningRate(IDataView trainingData, LearningRateFinderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(trainingData);
        var range = options ?? new LearningRateFinderOptions();
        range.Validate();
        (trainingData, _) = NetworkViews(CategoricalInputs.Resolve(TrainerOptions, trainingData.Schema, "training data"), trainingData, null);
        var columns = TrainingColumns.Resolve(trainingData.Schema, TrainerOptions, _task, "training data");
        TorchRuntime.EnsureAvailable();

        var scratch = new TrainingHistory();
        using var log = new FitLog(_environment.Host);
        var monitor = new FitMonitor(TrainerOptions, _environment, log);
        monitor.ThrowIfCancellationRequested();
        var device = DeviceSelector.Resolve(TrainerOptions, _environment, scratch);
        int seed = TrainerOptions.Seed ?? Random.Shared.Next();
        if (TrainerOptions.Seed is null)
            scratch.AddNote(string.Create(CultureInfo.InvariantCulture, $"Seed {seed} was drawn at random: the options set no Seed, and the finder does not draw from the MLContext."));
        var seeds = new SeedPlan(seed);
        using var deterministic = TrainerOptions.DeterministicAlgorithms ? DeterministicAlgorithmsScope.Open() : null;
        using var data = TrainingData.Prepare(
            TrainerOptions, _task, trainingData, columns, null, null, seeds, device, scratch, monitor.ThrowIfCancellationRequested);
        NoteIgnoredOptions(scratch);

        var test = new LearningRateRangeTest(range);
        var (points, stoppedEarly) = RunRangeTest(TrainerOptions, test, data, data.Standardization.InputSize, seeds.Member(0), device, scratch, monitor.ThrowIfCancellationRequested);
        double suggestion = LearningRateSuggestion.Suggest(points, LearningRateSuggestion.Default);
        log.Info(string.Create(CultureInfo.InvariantCulture,
            $"Learning-rate finder: {points.Count} steps from {points[0].LearningRate:G3} to {points[^1].LearningRate:G3}{(stoppedEarly ? " (stopped: the loss exploded)" : "")}; suggested rate {suggestion:G3}."));
        return new LearningRateFinderResult(
            points, stoppedEarly, suggestion, LearningRateSuggestion.Describe(LearningRateSuggestion.Default), range, seed, [.. scratch.Notes]);
    }

    /// <summary>Notes the options the range test leaves out because they are set.</summary>
    private void NoteIgnoredOptions(TrainingHistory notes)
    {
        var o = TrainerOptions;
        var ignored = new List<string>();
        if (o.LearningRateSchedule != LearningRateSchedule.Constant || o.WarmupSteps > 0 || o.WarmupFraction > 0)
            ignored.Add("the learning-rate schedule and warm-up");
        if (o.EarlyStopping is not null)
            ignored.Add("early stopping");
        if (o.Callbacks.Count > 0)
            ignored.Add("the callbacks");
        if (o.CheckpointDirectory is not null || o.ResumeFromCheckpoint is not null)
            ignored.Add("checkpoints");
        if (o.TensorBoardLogDirectory is not null)
            ignored.Add("TensorBoard logging");
        if (o.EnsembleSize > 1)
            ignored.Add($"EnsembleSize = {o.EnsembleSize} (one network, member 0's, was tested)");
        if (ignored.Count > 0)
            notes.AddNote($"The learning-rate finder sets the rate of every step itself and did not use {string.Join(", ", ignored)}.");
    }

    /// <summary>Builds the network, optimizer, objective, augmentations and step as a fit's member 0 would, and runs the test.</summary>
    private static (IReadOnlyList<LearningRateFinderPoint> Points, bool StoppedEarly) RunRangeTest(
        DeepMlpOptionsBase options, LearningRateRangeTest test, TrainingData data, int featureCount, MemberSeeds seeds, Device device,
        TrainingHistory history, Action throwIfCanceled)
    {
        using var member = new MemberNetwork(options, data, featureCount, seeds, device);
        var (network, optimizer) = (member.Network, member.Optimizer);
        var callbacks = OptimizationFactory.CreateCallbacks(options);   // gradient clipping
        using var clippingResources = new CallbackResources(callbacks);
        var parts = new TrainingParts(
            RegularizationFactory.CreateAugmentations(options, member.AugmentationGenerator, seeds.MixupFactors),
            OptimizationFactory.CreateStep(options, network, data.Task, optimizer, member.Objective, callbacks, scheduler: null, seeds),
            callbacks,
            Scheduler: null);
        using var stepResources = parts.Step as IDisposable;
        var context = new TrainingContext(network, optimizer, history, numberOfEpochs: 1, data.Training.RowCount);
        return test.Run(network, parts, context, data.Training, options.BatchSize, seeds, throwIfCanceled);
    }
}
