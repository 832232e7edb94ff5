using System.Globalization;
using MLNetDeep.Data;
using MLNetDeep.Snapshots;
using MLNetDeep.Training;

namespace MLNetDeep;

/// <summary>
/// Continuing to train a fitted model (<c>trainer.Fit(trainingData, initialModel)</c>): the initial model must be the
/// network these options build, for data with its features and classes; everything that differs is named.
/// </summary>
internal static class WarmStart
{
    /// <summary>Why the initial model cannot be continued with these options and data, or null when it can.</summary>
    public static string? Problem(
        DeepMlpOptionsBase options, EnsembleSnapshot initial, TrainingColumns columns, Embeddings.CategoricalInputs? categorical = null, IReadOnlyList<string>? initialKeys = null)
    {
        var problems = new List<string>();
        var culture = CultureInfo.InvariantCulture;
        EmbeddingProblems(options, initial.Members[0].Embedding?.Plan, categorical, initialKeys ?? [], problems);
        if (initial.FeatureCount != columns.FeatureCount)
            problems.Add(string.Create(culture, $"it reads {initial.FeatureCount} features, but feature column '{columns.Features.Name}' has {columns.FeatureCount}"));
        if ((initial.Imputation is not null) != columns.AllowMissing)
            problems.Add(initial.Imputation is not null
                ? "it imputes missing values, but MissingValues is Error"
                : "it was trained with MissingValues = Error (or before missing values were imputed), but MissingValues is Impute");
        if (initial.Task.ClassCount != columns.ClassCount && columns.ClassCount > 0)
            problems.Add(string.Create(culture, $"it predicts {initial.Task.ClassCount} classes, but label column '{columns.Label.Name}' has {columns.ClassCount}"));
        if (initial.Members.Count != options.EnsembleSize)
            problems.Add(string.Create(culture, $"it has {initial.Members.Count} ensemble member(s), but EnsembleSize is {options.EnsembleSize}"));

        var shape = NetworkShape.Of(initial.Members[0]);
        if (!shape.HiddenLayerSizes.SequenceEqual(options.HiddenLayerSizes))
            problems.Add($"its hidden layers are [{string.Join(", ", shape.HiddenLayerSizes)}], but HiddenLayerSizes is [{string.Join(", ", options.HiddenLayerSizes)}]");
        else
        {
            if (shape.Activation is { } activation && activation != options.Activation)
                problems.Add($"its activation is {activation}, but Activation is {options.Activation}");
            if (shape.Normalization != options.Normalization)
                problems.Add($"its normalization is {shape.Normalization}, but Normalization is {options.Normalization}");
            if (shape.Architecture != options.Architecture)
                problems.Add($"its architecture is {shape.Architecture}, but Architecture is {options.Architecture}");
            else if (shape.Architecture is Architecture.TabM or Architecture.TabMMini && shape.Members != options.NumberOfTabMMembers)
                problems.Add(string.Create(culture, $"it has {shape.Members} TabM members, but NumberOfTabMMembers is {options.NumberOfTabMMembers}"));
        }

        return problems.Count == 0 ? null : "The initial model cannot be continued: " + string.Join("; ", problems)
            + ". Warm start continues the same network: train with the options it was trained with, on data prepared the same way.";
    }

    /// <summary>What differs between the initial model's input embedding and the one the options and data ask for.</summary>
    private static void EmbeddingProblems(
        DeepMlpOptionsBase options, Embeddings.EmbeddingPlan? plan, Embeddings.CategoricalInputs? categorical, IReadOnlyList<string> initialKeys, List<string> problems)
    {
        var culture = CultureInfo.InvariantCulture;
        var numerical = plan?.Numerical ?? NumericalEmbedding.None;
        if (numerical != options.NumericalEmbedding)
            problems.Add($"its numerical embedding is {numerical}, but NumericalEmbedding is {options.NumericalEmbedding}");
        else if (numerical == NumericalEmbedding.PiecewiseLinear && plan!.Bins != options.NumberOfEmbeddingBins)
            problems.Add(string.Create(culture, $"it has {plan.Bins} bins per input, but NumberOfEmbeddingBins is {options.NumberOfEmbeddingBins}"));
        else if (numerical == NumericalEmbedding.Periodic && (plan!.Frequencies, plan.Dimension) != (options.PeriodicFrequencies, options.NumericalEmbeddingDimension))
            problems.Add(string.Create(culture, $"it has {plan.Frequencies} periodic frequencies and {plan.Dimension} outputs per input, "
                + $"but PeriodicFrequencies is {options.PeriodicFrequencies} and NumericalEmbeddingDimension {options.NumericalEmbeddingDimension}"));
        string[] names = options.CategoricalColumnNames ?? [];
        if (!initialKeys.SequenceEqual(names, StringComparer.Ordinal))
            problems.Add($"it embeds the key columns [{string.Join(", ", initialKeys)}], but CategoricalColumnNames is [{string.Join(", ", names)}] (same columns, same order)");
        int[] keys = plan?.Cardinalities ?? [];
        int[] wanted = categorical is null ? [] : [.. categorical.Cardinalities];
        if (!keys.SequenceEqual(wanted))
            problems.Add($"it embeds key columns of [{string.Join(", ", keys)}] keys, but CategoricalColumnNames gives [{string.Join(", ", wanted)}]");
        else if (plan is not null && options.CategoricalEmbeddingDimensions is { } widths && !widths.SequenceEqual(plan.Dimensions))
            problems.Add($"its key embeddings are [{string.Join(", ", plan.Dimensions)}] wide, but CategoricalEmbeddingDimensions is [{string.Join(", ", widths)}]");
    }

    /// <summary>The history note of a warm start.</summary>
    public static string Note(TrainingHistory initialHistory) => string.Create(CultureInfo.InvariantCulture,
        $"Warm start: continued from a model trained for {initialHistory.Epochs.Count} epoch(s) (selected epoch {initialHistory.SelectedEpoch}); its label scaling is kept, the optimizer, schedule and callbacks start afresh.");
}
