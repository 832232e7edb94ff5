using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MLNetDeep;

/// <summary>JSON export and import of the whole history, ensemble members included.</summary>
public sealed partial class TrainingHistory
{
    /// <summary>The <c>formatVersion</c> that <see cref="SaveAsJson"/> writes and <see cref="LoadJson"/> reads.</summary>
    public const int JsonFormatVersion = 1;

    /// <summary>Indented camelCase; NaN and infinities as the strings "NaN", "Infinity", "-Infinity"; notes unescaped for reading.</summary>
    private static JsonSerializerOptions JsonSettings => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>
    /// Writes the history as JSON to <paramref name="path"/> (UTF-8; the folder is created if missing, an existing file
    /// replaced), for <see cref="LoadJson"/> or any JSON reader: <c>formatVersion</c> (<see cref="JsonFormatVersion"/>),
    /// <c>validationMetricName</c> (null without validation data), <c>selectedEpoch</c>, <c>notes</c>, <c>epochs</c> (the
    /// fields of <see cref="EpochRecord"/> in camelCase, with <c>durationSeconds</c> for the duration), <c>steps</c>
    /// (the fields of <see cref="StepRecord"/>), <c>otherMembers</c>: for an ensemble the histories of members 1 and
    /// up, each with the same fields but <c>formatVersion</c> and <c>otherMembers</c> (the top level is member 0), empty
    /// for a single model; then <c>layerStatistics</c> (the fields of <see cref="LayerStatisticsRecord"/>; empty
    /// without instrumentation), <c>baselineLoss</c> (<see cref="BaselineLoss"/>) and <c>classes</c> (the fields of
    /// <see cref="ClassRecord"/>; empty for regression). Numbers are written in their shortest round-trip form, so every value reads back exactly;
    /// NaN and infinities are the strings <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c>, missing values null.
    /// </summary>
    /// <param name="path">The file to write.</param>
    public void SaveAsJson(string path)
    {
        var file = new FileRecord(JsonFormatVersion, ValidationMetricName, SelectedEpoch, [.. Notes], Rows(Epochs), [.. Steps],
            [.. _members.Select(m => m.ToMemberRecord())], [.. LayerStatistics], BaselineLoss, [.. Classes]);
        File.WriteAllBytes(FileToWrite(path), JsonSerializer.SerializeToUtf8Bytes(file, JsonSettings));
    }

    /// <summary>
    /// Reads a history written by <see cref="SaveAsJson"/>: epochs, steps, notes, metric name, selected epoch and
    /// ensemble members equal the saved ones, every number bit for bit. Files written before <c>layerStatistics</c>,
    /// <c>baselineLoss</c> and <c>classes</c> existed (same format version) read with none. Throws <see cref="FileNotFoundException"/> for a
    /// missing file and <see cref="InvalidDataException"/> for one that is not such a history (the message says why).
    /// </summary>
    /// <param name="path">The file to read.</param>
    public static TrainingHistory LoadJson(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        FileRecord file;
        try
        {
            file = JsonSerializer.Deserialize<FileRecord>(File.ReadAllBytes(path), JsonSettings)
                ?? throw new InvalidDataException($"'{path}' holds null, not a training history saved by SaveAsJson.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a training history saved by SaveAsJson: {e.Message}", e);
        }

        if (file.FormatVersion != JsonFormatVersion)
        {
            throw new InvalidDataException(
                $"'{path}' has formatVersion {file.FormatVersion}, but this version of MLNetDeep reads formatVersion {JsonFormatVersion}.");
        }

        var history = FromRecord(new(file.ValidationMetricName, file.SelectedEpoch, file.Notes, file.Epochs, file.Steps, file.LayerStatistics, file.BaselineLoss, file.Classes));
        foreach (MemberRecord member in file.OtherMembers)
            history.AddMember(FromRecord(member));
        return history;
    }

    private static TrainingHistory FromRecord(MemberRecord record)
    {
        var history = new TrainingHistory();
        history.ReplaceWith(record.Epochs.Select(e => e.ToRecord()), record.Steps, record.Notes, record.ValidationMetricName, record.SelectedEpoch, record.LayerStatistics);
        history.BaselineLoss = record.BaselineLoss;
        history.SetClasses(record.Classes ?? []);
        return history;
    }

    private MemberRecord ToMemberRecord() =>
        new(ValidationMetricName, SelectedEpoch, [.. Notes], Rows(Epochs), [.. Steps], [.. LayerStatistics], BaselineLoss, [.. Classes]);

    private static List<EpochEntry> Rows(IEnumerable<EpochRecord> epochs) => [.. epochs.Select(EpochEntry.Of)];

    // The fields after Steps (OtherMembers aside) are optional: files written before they existed lack them.
    private sealed record FileRecord(
        int FormatVersion, string? ValidationMetricName, int SelectedEpoch, List<string> Notes, List<EpochEntry> Epochs, List<StepRecord> Steps,
        List<MemberRecord> OtherMembers, List<LayerStatisticsRecord>? LayerStatistics = null, double? BaselineLoss = null, List<ClassRecord>? Classes = null);

    private sealed record MemberRecord(
        string? ValidationMetricName, int SelectedEpoch, List<string> Notes, List<EpochEntry> Epochs, List<StepRecord> Steps,
        List<LayerStatisticsRecord>? LayerStatistics = null, double? BaselineLoss = null, List<ClassRecord>? Classes = null);

    /// <summary>An <see cref="EpochRecord"/> with its duration in seconds (exact back to the tick for durations under seven years).</summary>
    private sealed record EpochEntry(
        int Epoch, double TrainingLoss, double? ValidationLoss, double? ValidationMetric, double LearningRate, double DurationSeconds)
    {
        public static EpochEntry Of(EpochRecord e) =>
            new(e.Epoch, e.TrainingLoss, e.ValidationLoss, e.ValidationMetric, e.LearningRate, e.Duration.TotalSeconds);

        public EpochRecord ToRecord() => new(Epoch, TrainingLoss, ValidationLoss, ValidationMetric, LearningRate,
            TimeSpan.FromTicks((long)Math.Round(DurationSeconds * TimeSpan.TicksPerSecond)));
    }
}
