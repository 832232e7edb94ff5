using System.Text.Json;
using System.Text.Json.Serialization;

namespace MLNetDeep;

/// <summary>
/// The reproducibility record of one fit: every option, the seed and device, a fingerprint of the data, the library
/// versions, the history and the final results. <c>Fit</c> appends it to the run log
/// (<see cref="DeepMlpOptionsBase.RunLogPath"/>) and saves it inside the model (in the ONNX graph's metadata, which
/// stock ML.NET loading ignores); <c>MLNetDeepScoring.ReadRunRecords</c> reads it back from a saved zip and
/// <see cref="Parse"/> turns that JSON into this type.
/// </summary>
public sealed record RunRecord
{
    /// <summary>The record format, <c>MLNetDeep.RunRecord.v1</c>.</summary>
    public string Format { get; init; } = CurrentFormat;

    /// <summary>How the fit ended: <c>Completed</c>, <c>Failed</c> or <c>Canceled</c>.</summary>
    public string Status { get; init; } = "Completed";

    /// <summary>The exception message of a failed or canceled fit, else null.</summary>
    public string? Error { get; init; }

    /// <summary>When the fit started (UTC).</summary>
    public DateTimeOffset Started { get; init; }

    /// <summary>Wall time of the fit in seconds.</summary>
    public double DurationSeconds { get; init; }

    /// <summary>Versions of MLNetDeep, TorchSharp, ML.NET and .NET, and the operating system.</summary>
    public IReadOnlyDictionary<string, string> Versions { get; init; } = new Dictionary<string, string>();

    /// <summary>The task (<c>regression</c>, <c>binary classification</c>, <c>multiclass</c>).</summary>
    public string Task { get; init; } = "";

    /// <summary>Classes of the label (0 for regression).</summary>
    public int ClassCount { get; init; }

    /// <summary>Width of the feature column.</summary>
    public int FeatureCount { get; init; }

    /// <summary>The feature and label column names.</summary>
    public string FeatureColumnName { get; init; } = "";

    /// <inheritdoc cref="FeatureColumnName"/>
    public string LabelColumnName { get; init; } = "";

    /// <summary>The fit's seed and where it came from (the options, the MLContext, a checkpoint, or random).</summary>
    public int? Seed { get; init; }

    /// <inheritdoc cref="Seed"/>
    public string? SeedSource { get; init; }

    /// <summary>The device trained on (<c>cpu</c>, <c>cuda:0</c>).</summary>
    public string? Device { get; init; }

    /// <summary>Every option as text (nested options as <c>EarlyStopping.Patience</c>; callbacks by type name).</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    /// <summary>The training and validation row counts and a hash of what the data showed (see the checkpoint fingerprint).</summary>
    public string? DataFingerprint { get; init; }

    /// <summary>The finished epochs (member 0's for an ensemble).</summary>
    public IReadOnlyList<EpochRecord> Epochs { get; init; } = [];

    /// <summary>The epoch whose weights the model holds.</summary>
    public int SelectedEpoch { get; init; }

    /// <summary>The name of the validation metric, or null without validation data.</summary>
    public string? ValidationMetricName { get; init; }

    /// <summary>The selected epoch's results, or null when no epoch finished.</summary>
    public EpochRecord? Final { get; init; }

    /// <summary>Ensemble members trained.</summary>
    public int EnsembleSize { get; init; }

    /// <summary>The history's notes (decisions made on the user's behalf, warnings).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    internal const string CurrentFormat = "MLNetDeep.RunRecord.v1";

    /// <summary>The record as one line of JSON (numbers round-trip exactly; NaN and infinities as strings).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Settings);

    /// <summary>Reads a record written by <see cref="ToJson"/>.</summary>
    /// <exception cref="JsonException">The text is not a run record.</exception>
    public static RunRecord Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var record = JsonSerializer.Deserialize<RunRecord>(json, Settings) ?? throw new JsonException("The run record is empty.");
        return record.Format == CurrentFormat ? record
            : throw new JsonException($"The run record has format '{record.Format}'; this MLNetDeep reads '{CurrentFormat}'.");
    }

    private static JsonSerializerOptions Settings => new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}
