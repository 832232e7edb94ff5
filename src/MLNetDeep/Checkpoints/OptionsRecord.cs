using System.Collections;
using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;

namespace MLNetDeep.Checkpoints;

/// <summary>
/// The options that decide what a fit computes, flattened to name → invariant text (nested options as
/// <c>EarlyStopping.Patience</c>), for checkpoints to record and compare. Options that only say where or how to run
/// (device, folders, caching, callbacks, progress, cancellation, checkpointing itself, run log, TensorBoard logging, gradient statistics) and the
/// seed (recorded on its own) are left out; whether the data was cached or streamed is part of the data fingerprint.
/// </summary>
internal static class OptionsRecord
{
    /// <summary>Options that change the network's weights' shapes: a checkpoint of another one is "another architecture".</summary>
    public static readonly FrozenSet<string> Architecture = new[]
    {
        nameof(DeepMlpOptionsBase.HiddenLayerSizes), nameof(DeepMlpOptionsBase.Activation), nameof(DeepMlpOptionsBase.Normalization),
        nameof(DeepMlpOptionsBase.Architecture), nameof(DeepMlpOptionsBase.NumberOfTabMMembers), nameof(DeepMlpOptionsBase.EnsembleSize),
        nameof(DeepMlpOptionsBase.CategoricalColumnNames), nameof(DeepMlpOptionsBase.CategoricalEmbeddingDimensions),
        nameof(DeepMlpOptionsBase.NumericalEmbedding), nameof(DeepMlpOptionsBase.NumberOfEmbeddingBins),
        nameof(DeepMlpOptionsBase.PeriodicFrequencies), nameof(DeepMlpOptionsBase.NumericalEmbeddingDimension),
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> NotRecorded = new[]
    {
        nameof(DeepMlpOptionsBase.Seed), nameof(DeepMlpOptionsBase.Device), nameof(DeepMlpOptionsBase.GpuDeviceId), nameof(DeepMlpOptionsBase.FallbackToCpu),
        nameof(DeepMlpOptionsBase.SpillDirectory), nameof(DeepMlpOptionsBase.PrefetchBatches), nameof(DeepMlpOptionsBase.MaxCacheSizeInMegabytes),
        nameof(DeepMlpOptionsBase.SpillStreamedRows), nameof(DeepMlpOptionsBase.Callbacks),
        nameof(DeepMlpOptionsBase.CancellationToken), nameof(DeepMlpOptionsBase.Progress),
        nameof(DeepMlpOptionsBase.CheckpointDirectory), nameof(DeepMlpOptionsBase.CheckpointEveryNEpochs), nameof(DeepMlpOptionsBase.CheckpointOnBest),
        nameof(DeepMlpOptionsBase.CheckpointsToKeep), nameof(DeepMlpOptionsBase.ResumeFromCheckpoint), nameof(DeepMlpOptionsBase.RunLogPath),
        nameof(DeepMlpOptionsBase.TensorBoardLogDirectory), nameof(DeepMlpOptionsBase.TensorBoardHistogramEveryNEpochs),
        nameof(DeepMlpOptionsBase.GradientStatisticsEveryNSteps),
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Options that are not settings at all: they never appear in a record.</summary>
    private static readonly FrozenSet<string> NeverRecorded = new[]
    {
        nameof(DeepMlpOptionsBase.CancellationToken), nameof(DeepMlpOptionsBase.Progress),
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The options that decide what a fit computes (see the class summary).</summary>
    public static SortedDictionary<string, string> Of(DeepMlpOptionsBase options) => Record(options, NotRecorded);

    /// <summary>Every option, for the run record: also the seed, device, folders and callbacks (by type name).</summary>
    public static SortedDictionary<string, string> All(DeepMlpOptionsBase options) => Record(options, NeverRecorded);

    private static SortedDictionary<string, string> Record(DeepMlpOptionsBase options, FrozenSet<string> skipped)
    {
        var record = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Add(record, "", options, skipped);
        return record;
    }

    private static void Add(SortedDictionary<string, string> record, string prefix, object options, FrozenSet<string>? skipped)
    {
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanRead || !property.CanWrite || property.GetIndexParameters().Length > 0 || skipped?.Contains(property.Name) == true)
                continue;
            object? value = property.GetValue(options);
            string name = prefix + property.Name;
            if (value is not null && IsNested(property.PropertyType))
                Add(record, name + ".", value, skipped: null);
            else
                record[name] = Show(value);
        }
    }

    private static bool IsNested(Type type) => type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type);

    private static string Show(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        string s => s,
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Show)) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null",
    };
}
