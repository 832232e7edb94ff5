using System.Collections;
using System.Globalization;
using Microsoft.ML;
using MLNetDeep.Data;
using MLNetDeep.Embeddings;
using MLNetDeep.Training;
using static TorchSharp.torch;

namespace MLNetDeep;

/// <summary>
/// The first half of <c>Fit</c>: one validating pass over the training data, the validation source (given, or carved
/// from the training rows), what the training rows show about the label (which fits the task), the standardization,
/// the class weights, and the batch sources every ensemble member trains from. Disposing it frees the sources and
/// deletes any spill files.
/// </summary>
internal sealed class TrainingData : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    private TrainingData()
    {
    }

    /// <summary>The task with what the training rows showed about the label.</summary>
    public PredictionTask Task { get; private set; } = null!;

    /// <summary>Feature (and regression label) standardization learned from the training rows.</summary>
    public Standardization Standardization { get; private set; } = null!;

    /// <summary>The network's input embedding, or null when its first layer reads the inputs.</summary>
    public EmbeddingPlan? Embedding { get; private set; }

    public IBatchSource Training { get; private set; } = null!;

    public IBatchSource? Validation { get; private set; }

    /// <summary>The training rows' example-weight sum per class (empty for regression).</summary>
    public double[] ClassCounts { get; private set; } = [];

    /// <summary>The trivial model's training loss (<see cref="Diagnostics.TrivialBaseline.Loss"/>).</summary>
    public double BaselineLoss { get; private set; } = double.NaN;

    /// <summary>Per-class loss weights, or null (no class weights, or they are applied by sampling).</summary>
    public double[]? LossClassWeights { get; private set; }

    public static TrainingData Prepare(
        DeepMlpOptionsBase options, PredictionTask task, IDataView trainingData, TrainingColumns columns,
        IDataView? validationData, TrainingColumns? validationColumns, SeedPlan seeds, Device device, TrainingHistory history, Action? throwIfCanceled = null,
        PredictionTask? fittedTask = null, MissingValueImputation? fittedImputation = null, EmbeddingPlan? fittedEmbedding = null)
    {
        long cacheCap = options.MaxCacheSizeInMegabytes * 1024L * 1024L;
        if (columns.ClassCount > 0)
            CheckClassWeightCount(options.ClassWeightSettings, columns, columns.ClassCount);
        if (options.SpillStreamedRows)
            RowSpill.DeleteLeftovers(options.SpillDirectory);   // spill files of killed fits
        var data = new TrainingData();
        try
        {
            var scan = data.Own(DataScan.Run(trainingData, columns, cacheCap, options.SpillStreamedRows, options.SpillDirectory, throwIfCanceled,
                sampleRows: options.NumericalEmbedding == NumericalEmbedding.PiecewiseLinear));
            var split = ValidationCarving.Carve(options, scan, validationData is not null, seeds.ValidationSplit, history);
            var trainingScan = split.TrainingScan ?? scan;
            DataSanity.Check(trainingScan, columns, task, history);
            // A warm start keeps the task its initial model was fitted with (its label scaling), so the outputs keep their meaning.
            data.Task = fittedTask ?? task.FitTarget(new TargetStatistics(columns.ClassCount, trainingScan.LabelMean, trainingScan.LabelStandardDeviation));
            (float offset, float scale) = data.Task.LabelScaling;
            var standardization = Standardization.Learn(options, trainingScan, columns, (offset, scale), fittedImputation);
            (standardization, data.Embedding) = EmbeddingPlanner.Plan(options, trainingData.Schema, standardization, trainingScan, columns, fittedEmbedding);
            data.Standardization = standardization;
            if (fittedImputation is null && standardization.Imputation?.Note() is { } imputed)
                history.AddNote(imputed);
            else if (fittedImputation is not null && trainingScan.Slots.Missing.Sum() is > 0 and long missing)
                history.AddNote($"Missing values: {missing} in these training rows, replaced with the initial model's values (a warm start keeps its replacements and indicator inputs).");
            data.ClassCounts = trainingScan.ClassCounts;
            double[]? classWeights = ResolveClassWeights(options.ClassWeightSettings, columns, trainingScan, history);
            // Class weights (in the loss or the sampling) shift the trivial model's optimum to shares ∝ count × weight.
            IReadOnlyList<double> weightedCounts = classWeights is null ? trainingScan.ClassCounts : [.. trainingScan.ClassCounts.Select((n, k) => n * classWeights[k])];
            data.BaselineLoss = Diagnostics.TrivialBaseline.Loss(weightedCounts, trainingScan.LabelStandardDeviation, trainingScan.RowCount, scale);
            bool sampling = options.ClassWeightSettings?.WeightedSampling == true;
            if (sampling && !scan.IsCached)
                throw new InvalidOperationException($"WeightedSampling needs the training data cached, but its {scan.RowCount} rows exceed MaxCacheSizeInMegabytes = "
                    + $"{options.MaxCacheSizeInMegabytes}. Raise MaxCacheSizeInMegabytes, or set WeightedSampling = false to weight the loss instead.");
            data.LossClassWeights = sampling ? null : classWeights;

            var sources = new SourceFactory(options, standardization, device, data);
            data.Training = split.TrainingScan is not null
                ? sources.Cached(split.TrainingScan, columns.FeatureCount, sampling ? classWeights : null)
                : sources.Open(trainingData, columns, scan, sampling ? classWeights : null, split.HeldOut, readHeldOut: false);
            if (validationData is not null)
            {
                var validationScan = data.Own(DataScan.Run(validationData, validationColumns!, cacheCap, options.SpillStreamedRows, options.SpillDirectory, throwIfCanceled));
                data.Validation = sources.Open(validationData, validationColumns!, validationScan);
            }
            else if (split.ValidationScan is not null)
            {
                data.Validation = sources.Cached(split.ValidationScan, columns.FeatureCount);
            }
            else if (split.HeldOut is not null)
            {
                data.Validation = sources.Open(trainingData, columns, scan, null, split.HeldOut, readHeldOut: true);
            }

            if (!scan.IsCached)
                history.AddNote($"Training data streamed {(scan.Spill is null ? "from the data view" : "from a temporary spill file")} "
                    + $"({scan.RowCount} rows exceed MaxCacheSizeInMegabytes = {options.MaxCacheSizeInMegabytes}).");
            return data;
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    public void Dispose()
    {
        for (int i = _owned.Count - 1; i >= 0; i--)
            _owned[i].Dispose();
        _owned.Clear();
    }

    /// <summary>The per-class loss (or sampling) weights: ClassWeights, Balanced weights from the class counts, or null.</summary>
    private static double[]? ResolveClassWeights(ClassWeightSettings? settings, TrainingColumns columns, DataScan scan, TrainingHistory history)
    {
        if (settings is null)
            return null;
        int classes = scan.ClassCounts.Length;
        if (settings.ClassWeights is { } explicitWeights)
        {
            CheckClassWeightCount(settings, columns, classes);
            return explicitWeights;
        }
        if (settings.Weighting != ClassWeighting.Balanced)
            return null;
        double rows = scan.ClassCounts.Sum();
        var balanced = scan.ClassCounts.Select(n => n > 0 ? rows / (classes * n) : 0).ToArray();
        history.AddNote("Balanced class weights: " + string.Join(", ", balanced.Select((w, c) => string.Create(CultureInfo.InvariantCulture, $"class {c} = {w:G4}"))) + ".");
        return balanced;
    }

    /// <summary>ClassWeights must hold one weight per class; checked before the data is read when the label's type gives the class count.</summary>
    private static void CheckClassWeightCount(ClassWeightSettings? settings, TrainingColumns columns, int classes)
    {
        if (settings?.ClassWeights is { } weights && weights.Length != classes)
            throw new ArgumentException($"ClassWeights has {weights.Length} weights, but label column '{columns.Label.Name}' has {classes} classes. "
                + "Give one weight per class, in key order.");
    }

    /// <summary>Opens batch sources over scanned rows: cached in native memory, or streamed; each is owned by the training data.</summary>
    private sealed class SourceFactory(DeepMlpOptionsBase options, Standardization standardization, Device device, TrainingData owner)
    {
        public IBatchSource Cached(DataScan scan, int featureCount, double[]? samplingWeights = null) =>
            owner.Own<IBatchSource>(new CachedBatchSource(scan, featureCount, standardization, device, samplingWeights));

        public IBatchSource Open(
            IDataView data, TrainingColumns columns, DataScan scan, double[]? samplingWeights = null, BitArray? heldOut = null, bool readHeldOut = false)
        {
            if (scan.IsCached)
                return Cached(scan, columns.FeatureCount, samplingWeights);
            long rows = heldOut is null ? scan.RowCount : heldOut.Cast<bool>().Count(b => b == readHeldOut);
            return owner.Own<IBatchSource>(new StreamingBatchSource(() => scan.OpenRows(data, columns), columns, rows, standardization,
                options.ShufflePoolSize, options.PrefetchBatches, device, heldOut, readHeldOut));
        }
    }
}
