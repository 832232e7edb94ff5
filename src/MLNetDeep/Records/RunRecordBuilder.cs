using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using MLNetDeep.Checkpoints;
using MLNetDeep.Data;
using static TorchSharp.torch;

namespace MLNetDeep.Records;

/// <summary>Collects a fit's <see cref="RunRecord"/> as the fit learns each part of it (seed, device, data), and finishes it.</summary>
internal sealed class RunRecordBuilder(DeepMlpOptionsBase options, PredictionTask task, TrainingColumns columns)
{
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int? _seed;
    private string? _seedSource;
    private string? _device;
    private string? _data;

    /// <summary>
    /// Whether the checkpoint folder was accepted for this fit (or none is set): until then a failed fit's record stays out
    /// of its default run log, which may belong to another run.
    /// </summary>
    public bool CheckpointFolderAccepted { get; set; }

    public void Seed(int seed, string source) => (_seed, _seedSource) = (seed, source);

    public void Device(Device device) => _device = device.ToString();

    public void Data(string fingerprint) => _data = fingerprint;

    /// <summary>The record of a fit that ended with <paramref name="history"/>; <paramref name="error"/> when it failed.</summary>
    public RunRecord Build(TrainingHistory history, Exception? error = null)
    {
        int selected = history.SelectedEpoch;
        return new RunRecord
        {
            Status = error switch { null => "Completed", OperationCanceledException => "Canceled", _ => "Failed" },
            Error = error?.Message,
            Started = _started,
            DurationSeconds = _clock.Elapsed.TotalSeconds,
            Versions = Versions(),
            Task = task.Name,
            ClassCount = columns.ClassCount,
            FeatureCount = columns.FeatureCount,
            FeatureColumnName = columns.Features.Name,
            LabelColumnName = columns.Label.Name,
            Seed = _seed,
            SeedSource = _seedSource,
            Device = _device,
            Options = OptionsRecord.All(options),
            DataFingerprint = _data,
            Epochs = [.. history.Epochs],
            SelectedEpoch = selected,
            ValidationMetricName = history.ValidationMetricName,
            Final = selected >= 1 && selected <= history.Epochs.Count ? history.Epochs[selected - 1] : null,
            EnsembleSize = Math.Max(1, history.Members.Count),
            Notes = [.. history.Notes],
        };
    }

    private static SortedDictionary<string, string> Versions() => new(StringComparer.Ordinal)
    {
        ["MLNetDeep"] = VersionOf(typeof(RunRecordBuilder).Assembly),
        ["TorchSharp"] = VersionOf(typeof(TorchSharp.torch).Assembly),
        ["ML.NET"] = VersionOf(typeof(Microsoft.ML.MLContext).Assembly),
        [".NET"] = RuntimeInformation.FrameworkDescription,
        ["OS"] = RuntimeInformation.OSDescription,
    };

    private static string VersionOf(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString() ?? "unknown";
}
