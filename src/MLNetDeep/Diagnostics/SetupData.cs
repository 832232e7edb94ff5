using MLNetDeep.Embeddings;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Data;
using MLNetDeep.Native;
using MLNetDeep.Training;
using static TorchSharp.torch;

namespace MLNetDeep.Diagnostics;

/// <summary>Rows held in memory: row-major features [Count, FeatureCount], labels as the task reads them (0/1, class index, raw value), example weights.</summary>
internal sealed record RowSet(float[] Features, float[] Labels, float[] Weights, int FeatureCount)
{
    public int Count => Labels.Length;

    public ReadOnlySpan<float> Row(int i) => Features.AsSpan(i * FeatureCount, FeatureCount);

    public static RowSet Of(DataScan scan, int featureCount) => new(scan.Features!, scan.Labels!, scan.Weights!, featureCount);

    /// <summary>The scanned rows, imputed (and widened by the missing-value indicators) when <paramref name="imputation"/> is given.</summary>
    public static RowSet Of(DataScan scan, int featureCount, Data.MissingValueImputation? imputation)
    {
        if (imputation is null)
            return Of(scan, featureCount);
        int rows = scan.Labels!.Length, width = imputation.OutputCount;
        var features = new float[(long)rows * width];
        for (int r = 0; r < rows; r++)
            imputation.Apply(scan.Features.AsSpan(r * featureCount, featureCount), features.AsSpan(r * width, width));
        return new(features, scan.Labels, scan.Weights!, width);
    }
}

/// <summary>
/// The rows <c>CheckSetup</c> works on, read and split as <c>Fit</c> would: the training rows, the validation rows
/// (given, the split Fit carves, or, when Fit would validate on nothing, a 10% stratified hold-out carved here), the task
/// fitted to the training labels and the standardization Fit would apply.
/// </summary>
internal sealed class SetupData
{
    /// <summary>Share of the training rows held out when the options carve no validation split and none was given.</summary>
    public const double OwnHoldOut = 0.1;

    private SetupData(PredictionTask task, RowSet training, RowSet validation, double[] classCounts, Standardization standardization, IReadOnlyList<string> featureNames)
    {
        Task = task;
        Training = training;
        Validation = validation;
        ClassCounts = classCounts;
        Standardization = standardization;
        FeatureNames = featureNames;
    }

    /// <summary>The task with what the training rows showed about the label (class count, label scaling).</summary>
    public PredictionTask Task { get; }

    public RowSet Training { get; }

    public RowSet Validation { get; }

    /// <summary>Training rows per class (binary: [false, true]); empty for regression.</summary>
    public double[] ClassCounts { get; }

    /// <summary>What Fit's batch sources apply: feature standardization when the options ask for it, and the regression label's.</summary>
    public Standardization Standardization { get; }

    /// <summary>The network's input embedding, or null.</summary>
    public EmbeddingPlan? Embedding { get; private init; }

    /// <summary>Whether input <paramref name="slot"/> holds a categorical column's key value (embedded, not scaled or ordered).</summary>
    public bool IsKeySlot(int slot) => Embedding is { } plan && slot >= plan.CategoricalStart && slot < plan.CategoricalStart + plan.CategoricalCount;

    /// <summary>Each feature's slot name, or <c>Features[i]</c>.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    public int FeatureCount => Training.FeatureCount;

    /// <summary>Reads the data once into memory (up to the larger of MaxCacheSizeInMegabytes and 1024 MB) and splits it as Fit would.</summary>
    public static SetupData Read(
        DeepMlpOptionsBase options, PredictionTask task, IDataView trainingData, TrainingColumns columns,
        IDataView? validationData, TrainingColumns? validationColumns, int seed, List<string> notes)
    {
        long cap = Math.Max(options.MaxCacheSizeInMegabytes, 1024) * 1024L * 1024L;
        using var scan = DataScan.Run(trainingData, columns, cap);
        if (!scan.IsCached)
            throw new InvalidOperationException($"CheckSetup reads the training rows into memory, but the {scan.RowCount} rows exceed {cap / (1024 * 1024)} MB. "
                + "Check a sample: trainer.CheckSetup(mlContext.Data.TakeRows(mlContext.Data.ShuffleRows(trainingData, seed: 1), 100_000)).");
        var history = new TrainingHistory();
        var split = ValidationCarving.Carve(options, scan, validationData is not null, seed, history);
        notes.AddRange(history.Notes);
        DataScan trainingScan = split.TrainingScan ?? scan;
        DataScan? validationScan = split.ValidationScan;
        if (validationData is not null)
        {
            validationScan = DataScan.Run(validationData, validationColumns!, cap);
            if (!validationScan.IsCached)
                throw new InvalidOperationException($"CheckSetup reads the validation rows into memory, but the {validationScan.RowCount} rows exceed {cap / (1024 * 1024)} MB. "
                    + "Pass a sample of them (mlContext.Data.TakeRows).");
        }
        else if (validationScan is null)
        {
            (int[] train, int[] valid) = ValidationSplit.Stratified(scan.Labels!, scan.ClassCounts.Length, OwnHoldOut, seed);
            trainingScan = scan.Subset(train);
            validationScan = scan.Subset(valid);
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"Fit with these options validates on no rows; the checks that need validation rows used {valid.Length} of the {scan.RowCount} training rows "
                + $"({OwnHoldOut:P0}, {(scan.ClassCounts.Length > 0 ? "stratified by class" : "random")}, seed {seed}) and trained on the other {train.Length}."));
        }

        var fitted = task.FitTarget(new TargetStatistics(columns.ClassCount, trainingScan.LabelMean, trainingScan.LabelStandardDeviation));
        (float offset, float scale) = fitted.LabelScaling;
        // The checks see the rows as the network does: imputed, with the missing-value indicators as features of their own.
        var standardization = Standardization.Learn(options, trainingScan, columns, (offset, scale));
        (standardization, EmbeddingPlan? embedding) = EmbeddingPlanner.Plan(options, trainingData.Schema, standardization, trainingScan, columns);
        var imputation = standardization.Imputation;
        string[] names = columns.SlotNames();
        if (imputation is not null)
            names = imputation.InputNames(names);
        return new SetupData(
            fitted, RowSet.Of(trainingScan, columns.FeatureCount, imputation), RowSet.Of(validationScan, columns.FeatureCount, imputation), trainingScan.ClassCounts,
            standardization with { Imputation = null }, names) { Embedding = embedding };
    }

    /// <summary>The training rows at <paramref name="rows"/> as tensors on the CPU, standardized as Fit's batch sources do, in <paramref name="type"/>.</summary>
    public (Tensor Features, Tensor Labels) TrainingTensors(IReadOnlyList<int> rows, ScalarType type = ScalarType.Float32)
    {
        int f = FeatureCount;
        var features = new float[rows.Count * f];
        var labels = new float[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            Training.Row(rows[i]).CopyTo(features.AsSpan(i * f, f));
            labels[i] = Training.Labels[rows[i]];
        }
        var x = FloatSpans.NewTensor(features, [rows.Count, f]);
        var y = FloatSpans.NewTensor(labels, [rows.Count]);
        Standardization.ApplyInPlace(ref x, y);
        return type == ScalarType.Float32 ? (x, y) : (x.to_type(type), y.to_type(type));
    }

    /// <summary>Up to <paramref name="count"/> training row indices in a seeded random order.</summary>
    public int[] SampleTrainingRows(int count, int seed) => SampleRows(Training.Count, count, seed);

    /// <summary>Up to <paramref name="count"/> of the row indices 0..<paramref name="rowCount"/>−1 in a seeded random order.</summary>
    public static int[] SampleRows(int rowCount, int count, int seed)
    {
        var order = Enumerable.Range(0, rowCount).ToArray();
        new Random(seed).Shuffle(order);
        return order[..Math.Min(count, order.Length)];
    }
}
