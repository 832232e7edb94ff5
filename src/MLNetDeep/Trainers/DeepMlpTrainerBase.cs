using System.Collections;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Data;
using MLNetDeep.Models;
using MLNetDeep.Modules;
using MLNetDeep.Native;
using MLNetDeep.Onnx;
using MLNetDeep.Training;
using MLNetDeep.Training.Optimization;
using MLNetDeep.Training.Regularization;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNetDeep;

/// <summary>
/// The estimator behind the three DeepMlp trainers: checks the schema, reads the data view in batches, trains
/// the TorchSharp network and returns a <see cref="DeepMlpTransformer"/> that scores and saves as standard
/// ML.NET parts.
/// </summary>
/// <typeparam name="TOptions">The trainer's options type.</typeparam>
public abstract class DeepMlpTrainerBase<TOptions> : IEstimator<DeepMlpTransformer>
    where TOptions : DeepMlpOptionsBase
{
    /// <summary>Seed distance between ensemble members.</summary>
    private const int EnsembleSeedStride = 1000;

    private readonly PredictionTask _task;

    private protected DeepMlpTrainerBase(TOptions options, PredictionKind kind)
    {
        OptionsValidator.Validate(options);
        TrainerOptions = options;
        _task = PredictionTask.For(kind);
    }

    /// <summary>The options this trainer was created with (validated).</summary>
    private protected TOptions TrainerOptions { get; }

    /// <summary>Trains on <paramref name="input"/>.</summary>
    public DeepMlpTransformer Fit(IDataView input) => Fit(input, null);

    /// <summary>
    /// Trains on <paramref name="trainingData"/> and, when <paramref name="validationData"/> is given, records its
    /// loss and metric after every epoch in <see cref="DeepMlpTransformer.History"/>. Fit preprocessing on the
    /// training data only and apply the fitted preprocessing to the validation data.
    /// </summary>
    public DeepMlpTransformer Fit(IDataView trainingData, IDataView? validationData)
    {
        ArgumentNullException.ThrowIfNull(trainingData);
        var columns = TrainingColumns.Resolve(trainingData.Schema, TrainerOptions, _task.Kind, "training data");
        TrainingColumns? validationColumns = null;
        if (validationData is not null)
        {
            validationColumns = TrainingColumns.Resolve(validationData.Schema, TrainerOptions, _task.Kind, "validation data");
            if (validationColumns.FeatureCount != columns.FeatureCount)
                throw new ArgumentException($"Feature column '{TrainerOptions.FeatureColumnName}' has {validationColumns.FeatureCount} values in the validation data "
                    + $"but {columns.FeatureCount} in the training data. Transform both with the same fitted pipeline.");
        }

        TorchRuntime.EnsureAvailable();
        var history = new TrainingHistory();
        var device = DeviceSelector.Resolve(TrainerOptions, history);
        int seed = TrainerOptions.Seed ?? Random.Shared.Next();
        using var deterministic = TrainerOptions.DeterministicAlgorithms ? DeterministicAlgorithmsScope.Open() : null;
        long cacheCap = TrainerOptions.MaxCacheSizeInMegabytes * 1024L * 1024L;

        using var scan = DataScan.Run(trainingData, columns, _task.Kind, cacheCap, TrainerOptions.SpillStreamedRows, TrainerOptions.SpillDirectory);
        var split = CarveValidation(scan, validationData is not null, seed, history);
        var trainingScan = split.TrainingScan ?? scan;
        (float offset, float scale) = _task.Kind == PredictionKind.Regression
            ? ((float)trainingScan.LabelMean, trainingScan.LabelStandardDeviation > 0 ? (float)trainingScan.LabelStandardDeviation : 1f)
            : (0f, 1f);
        var standardization = new Standardization(
            TrainerOptions.StandardizeFeatures ? trainingScan.FeatureScaling : FeatureScaling.Identity(columns.FeatureCount), offset, scale);
        double[]? classWeights = ResolveClassWeights(columns, trainingScan, history);
        double[]? samplingWeights = TrainerOptions.WeightedSampling ? classWeights : null;
        if (samplingWeights is not null && !scan.IsCached)
            throw new InvalidOperationException($"WeightedSampling needs the training data cached, but its {scan.RowCount} rows exceed MaxCacheSizeInMegabytes = "
                + $"{TrainerOptions.MaxCacheSizeInMegabytes}. Raise MaxCacheSizeInMegabytes, or set WeightedSampling = false to weight the loss instead.");

        using var training = split.TrainingScan is not null
            ? new CachedBatchSource(split.TrainingScan, columns.FeatureCount, standardization, device, samplingWeights)
            : OpenSource(trainingData, columns, scan, standardization, device, samplingWeights, split.HeldOut, readHeldOut: false);
        using var validationScan = validationData is null ? null
            : DataScan.Run(validationData, validationColumns!, _task.Kind, cacheCap, TrainerOptions.SpillStreamedRows, TrainerOptions.SpillDirectory);
        IBatchSource? OpenValidation()
        {
            if (validationData is not null)
                return OpenSource(validationData, validationColumns!, validationScan!, standardization, device);
            if (split.ValidationScan is not null)
                return new CachedBatchSource(split.ValidationScan, columns.FeatureCount, standardization, device);
            return split.HeldOut is null ? null : OpenSource(trainingData, columns, scan, standardization, device, null, split.HeldOut, readHeldOut: true);
        }
        using var validation = OpenValidation();
        if (!scan.IsCached)
            history.AddNote($"Training data streamed {(scan.Spill is null ? "from the data view" : "from a temporary spill file")} "
                + $"({scan.RowCount} rows exceed MaxCacheSizeInMegabytes = {TrainerOptions.MaxCacheSizeInMegabytes}).");

        var head = _task.Head(columns, offset, scale);
        var members = new List<NetworkSnapshot>();
        for (int member = 0; member < TrainerOptions.EnsembleSize; member++)
        {
            // Member 0 trains exactly as a single model with this seed; later members differ in init, dropout and order.
            var memberHistory = member == 0 ? history : new TrainingHistory();
            using (var network = TrainMember(unchecked(seed + (EnsembleSeedStride * member)), memberHistory))
                members.Add(network.ToSnapshot(head, standardization.Features));
            if (member > 0)
                history.AddMember(memberHistory);
        }
        if (members.Count > 1)
            history.AddNote($"Ensemble of {members.Count} members trained with seeds {seed} + {EnsembleSeedStride}·i; Epochs shows member 0, Members every member.");

        return new DeepMlpTransformer(new EnsembleSnapshot(members), columns.Features.Name, trainingData.Schema,
            _task.Kind == PredictionKind.Multiclass ? columns.Label.Name : null, history);

        MlpNetwork TrainMember(int memberSeed, TrainingHistory memberHistory)
        {
            using var initGenerator = new Generator((ulong)memberSeed, CPU);
            // The member's dropout seed; a mixed-precision step seeds its half copy's own generator with it too.
            ulong dropoutSeed = (ulong)memberSeed + 1;
            using var dropoutGenerator = new Generator(dropoutSeed, device);
            using var augmentGenerator = new Generator((ulong)memberSeed + 2, device);
            var network = NetworkFactory.Create(TrainerOptions, columns.FeatureCount, _task.OutputSize(columns), initGenerator, dropoutGenerator);
            network.to(device);
            using var optimizer = OptimizationFactory.CreateOptimizer(TrainerOptions, network.parameters());
            using var classWeightTensor = classWeights is null || samplingWeights is not null
                ? null : tensor(classWeights.Select(w => (float)w).ToArray(), device: device);

            var callbacks = new List<TrainingCallback>(OptimizationFactory.CreateCallbacks(TrainerOptions));
            callbacks.AddRange(RegularizationFactory.CreateCallbacks(TrainerOptions));
            callbacks.AddRange(TrainerOptions.Callbacks);
            var objective = RegularizationFactory.CreateObjective(TrainerOptions, _task, network, classWeightTensor);
            var parts = new TrainingParts(
                RegularizationFactory.CreateAugmentations(TrainerOptions, augmentGenerator, memberSeed),
                OptimizationFactory.CreateStep(TrainerOptions, network, optimizer, objective, callbacks, dropoutSeed),
                callbacks);
            using var stepResources = parts.Step as IDisposable;

            var context = new TrainingContext(network, optimizer, memberHistory, TrainerOptions.NumberOfEpochs, training.RowCount);
            new TrainingLoop(network, _task, TrainerOptions.BatchSize, parts).Run(context, training, validation, memberSeed);
            return network;
        }
    }

    /// <summary>
    /// Checks that the input has the feature, label and weight columns with accepted types, and returns it with
    /// the prediction columns appended.
    /// </summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var label = SchemaShapeChecks.Check(inputSchema, TrainerOptions, _task.Kind);
        Onnx.NetworkHead head = _task.Kind switch
        {
            PredictionKind.Binary => new Onnx.BinaryHead(),
            // A schema shape may not know the class count (MapValueToKey learns it at Fit); the shape does not carry it.
            PredictionKind.Multiclass => new Onnx.MulticlassHead(label.ItemType is KeyDataViewType { Count: > 0 and <= int.MaxValue } key ? (int)key.Count : 2),
            _ => new Onnx.RegressionHead(0, 1),
        };
        return PredictionColumns.AppendOutputColumns(inputSchema, head, label);
    }

    private IBatchSource OpenSource(
        IDataView data, TrainingColumns columns, DataScan scan, Standardization standardization, Device device,
        double[]? samplingWeights = null, BitArray? heldOut = null, bool readHeldOut = false)
    {
        if (scan.IsCached)
            return new CachedBatchSource(scan, columns.FeatureCount, standardization, device, samplingWeights);
        long rows = heldOut is null ? scan.RowCount : heldOut.Cast<bool>().Count(b => b == readHeldOut);
        return new StreamingBatchSource(() => scan.OpenRows(data, columns, _task.Kind), columns, rows, standardization,
            TrainerOptions.ShufflePoolSize, TrainerOptions.PrefetchBatches, device, heldOut, readHeldOut);
    }

    /// <summary>The rows held out as validation data when Fit got none and a split is asked for (or early stopping needs one).</summary>
    private sealed record Split(DataScan? TrainingScan, DataScan? ValidationScan, BitArray? HeldOut);

    private Split CarveValidation(DataScan scan, bool hasValidationData, int seed, TrainingHistory history)
    {
        var o = TrainerOptions;
        if (hasValidationData)
        {
            if (o.ValidationFraction > 0)
                history.AddNote($"ValidationFraction = {o.ValidationFraction.Value.ToString(CultureInfo.InvariantCulture)} was ignored: validation data was passed to Fit.");
            return new Split(null, null, null);
        }
        double fraction = o.ValidationFraction ?? (o.EarlyStopping is not null ? 0.1 : 0);
        if (fraction <= 0)
        {
            if (o.EarlyStopping is { } e)
                throw new InvalidOperationException($"EarlyStopping monitors {e.Monitor}, but there is no validation data and ValidationFraction is 0. "
                    + "Make sure you have validation data: pass it to Fit(trainingData, validationData), or set ValidationFraction (e.g. 0.1) to hold out part of the training rows.");
            return new Split(null, null, null);
        }

        string share = fraction.ToString(CultureInfo.InvariantCulture);
        if (scan.IsCached)
        {
            (int[] train, int[] valid) = ValidationSplit.Stratified(scan.Labels!, scan.ClassCounts.Length, fraction, seed);
            if (train.Length == 0)
                throw new InvalidOperationException($"ValidationFraction = {share} leaves no training rows out of {scan.RowCount}. Lower ValidationFraction.");
            history.AddNote($"Validation data: {valid.Length} of the {scan.RowCount} training rows were held out (ValidationFraction = {share}, "
                + (_task.Kind == PredictionKind.Regression ? "random" : "stratified by class") + $", seed {seed}); the model trained on the other {train.Length}.");
            return new Split(scan.Subset(train), scan.Subset(valid), null);
        }

        var heldOut = ValidationSplit.RandomMask(scan.RowCount, fraction, seed);
        long heldCount = heldOut.Cast<bool>().LongCount(b => b);
        if (heldCount == 0 || heldCount == scan.RowCount)
            throw new InvalidOperationException($"ValidationFraction = {share} of {scan.RowCount} streamed rows holds out {heldCount} rows. Choose a fraction that leaves rows on both sides.");
        history.AddNote($"Validation data: {heldCount} of the {scan.RowCount} streamed training rows were held out (ValidationFraction = {share}, a seeded coin flip "
            + $"per row, not stratified, seed {seed}); feature standardization and class counts still include them.");
        return new Split(null, null, heldOut);
    }

    /// <summary>The per-class loss (or sampling) weights: ClassWeights, Balanced weights from the class counts, or null.</summary>
    private double[]? ResolveClassWeights(TrainingColumns columns, DataScan scan, TrainingHistory history)
    {
        var o = TrainerOptions;
        int classes = scan.ClassCounts.Length;
        if (o.ClassWeights is { } explicitWeights)
        {
            if (explicitWeights.Length != classes)
                throw new ArgumentException($"ClassWeights has {explicitWeights.Length} weights, but label column '{columns.Label.Name}' has {classes} classes. "
                    + "Give one weight per class, in key order.");
            return explicitWeights;
        }
        if (o.ClassWeighting != ClassWeighting.Balanced)
            return null;
        double rows = scan.ClassCounts.Sum();
        var balanced = scan.ClassCounts.Select(n => n > 0 ? rows / (classes * n) : 0).ToArray();
        history.AddNote("Balanced class weights: " + string.Join(", ", balanced.Select((w, c) => string.Create(CultureInfo.InvariantCulture, $"class {c} = {w:G4}"))) + ".");
        return balanced;
    }
}
