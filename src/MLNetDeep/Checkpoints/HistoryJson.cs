using System.Text.Json;
using System.Text.Json.Serialization;

namespace MLNetDeep.Checkpoints;

/// <summary>A <see cref="TrainingHistory"/> (without its ensemble members) as JSON, exactly: every number round-trips.</summary>
internal static class HistoryJson
{
    private static JsonSerializerOptions Settings => new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static byte[] Write(TrainingHistory history) => JsonSerializer.SerializeToUtf8Bytes(
        new Record([.. history.Epochs], [.. history.Steps], [.. history.Notes], history.ValidationMetricName, history.SelectedEpoch, [.. history.LayerStatistics]), Settings);

    /// <summary>Replaces the content of <paramref name="history"/> (not its members) with the stored one.</summary>
    public static void ReadInto(byte[] bytes, TrainingHistory history)
    {
        var record = JsonSerializer.Deserialize<Record>(bytes, Settings) ?? throw new InvalidDataException("The checkpoint's history is empty.");
        history.ReplaceWith(record.Epochs, record.Steps, record.Notes, record.ValidationMetricName, record.SelectedEpoch, record.LayerStatistics);
    }

    public static TrainingHistory Read(byte[] bytes)
    {
        var history = new TrainingHistory();
        ReadInto(bytes, history);
        return history;
    }

    /// <summary>A checkpoint's history; <see cref="LayerStatistics"/> is missing (null) in checkpoints written before it existed.</summary>
    private sealed record Record(
        List<EpochRecord> Epochs, List<StepRecord> Steps, List<string> Notes, string? ValidationMetricName, int SelectedEpoch,
        List<LayerStatisticsRecord>? LayerStatistics = null);
}
