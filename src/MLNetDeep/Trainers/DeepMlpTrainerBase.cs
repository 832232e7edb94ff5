using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Data;
using MLNetDeep.Models;
using MLNetDeep.Modules;
using MLNetDeep.Native;
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
        var device = DeviceSelector.Resolve(TrainerOptions.Device);
        int seed = TrainerOptions.Seed ?? Random.Shared.Next();
        long cacheCap = TrainerOptions.MaxCacheSizeInMegabytes * 1024L * 1024L;

        var scan = DataScan.Run(trainingData, columns, _task.Kind, cacheCap);
        (float offset, float scale) = _task.Kind == PredictionKind.Regression
            ? ((float)scan.LabelMean, scan.LabelStandardDeviation > 0 ? (float)scan.LabelStandardDeviation : 1f)
            : (0f, 1f);
        var standardization = new Standardization(
            TrainerOptions.StandardizeFeatures ? scan.FeatureScaling : FeatureScaling.Identity(columns.FeatureCount), offset, scale);

        var history = new TrainingHistory();
        using var training = OpenSource(trainingData, columns, scan, standardization, device);
        using var validation = validationData is null ? null
            : OpenSource(validationData, validationColumns!, DataScan.Run(validationData, validationColumns!, _task.Kind, cacheCap), standardization, device);
        if (!scan.IsCached)
            history.AddNote($"Training data streamed from the data view ({scan.RowCount} rows exceed MaxCacheSizeInMegabytes = {TrainerOptions.MaxCacheSizeInMegabytes}).");

        using var initGenerator = new Generator((ulong)seed, CPU);
        using var dropoutGenerator = new Generator((ulong)seed + 1, device);
        using var augmentGenerator = new Generator((ulong)seed + 2, device);
        using var network = NetworkFactory.Create(TrainerOptions, columns.FeatureCount, _task.OutputSize(columns), initGenerator, dropoutGenerator);
        network.to(device);
        using var optimizer = OptimizationFactory.CreateOptimizer(TrainerOptions, network.parameters());

        var callbacks = new List<TrainingCallback>(OptimizationFactory.CreateCallbacks(TrainerOptions));
        callbacks.AddRange(RegularizationFactory.CreateCallbacks(TrainerOptions));
        callbacks.AddRange(TrainerOptions.Callbacks);
        var objective = RegularizationFactory.CreateObjective(TrainerOptions, _task, network);
        var parts = new TrainingParts(
            RegularizationFactory.CreateAugmentations(TrainerOptions, augmentGenerator),
            OptimizationFactory.CreateStep(TrainerOptions, network, optimizer, objective, callbacks),
            callbacks);

        var context = new TrainingContext(network, optimizer, history, TrainerOptions.NumberOfEpochs, scan.RowCount);
        new TrainingLoop(network, _task, TrainerOptions.BatchSize, parts).Run(context, training, validation, seed);

        var snapshot = network.ToSnapshot(_task.Head(columns, offset, scale), standardization.Features);
        return new DeepMlpTransformer(snapshot, columns.Features.Name, trainingData.Schema,
            _task.Kind == PredictionKind.Multiclass ? columns.Label.Name : null, history);
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

    private IBatchSource OpenSource(IDataView data, TrainingColumns columns, DataScan scan, Standardization standardization, Device device) =>
        scan.IsCached
            ? new CachedBatchSource(scan, columns.FeatureCount, standardization, device)
            : new StreamingBatchSource(data, columns, _task.Kind, scan.RowCount, standardization,
                TrainerOptions.ShufflePoolSize, TrainerOptions.PrefetchBatches, device);
}
