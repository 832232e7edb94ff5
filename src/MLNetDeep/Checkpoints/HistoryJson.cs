using System.Text.Json;
using System.Text.Json.Serialization;

namespace MLNetDeep.Checkpoints;

/// <summary>A <see cref="TrainingHistory"/> (without its ensemble members) as JSON, exactly: every number round-trips.</summary>
internal static class HistoryJson
{
    private static JsonSerializerOptions Settings => new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static byte[] Write(TrainingHistory history) => JsonSerializer.SerializeToUtf8Bytes(
        new Record([.. history.Epochs], [.. history.Steps], [.. history.Notes], history.ValidationMetricName, history.SelectedEpoch, [.. history.LayerStatistics],
        history.BaselineLoss, [.. history.Classes]), Settings);

    /// <summary>Replaces the content of <paramref name="history"/> (not its members) with the stored one.</summary>
    public static void ReadInto(byte[] bytes, TrainingHistory history)
    {
        var record = JsonSerializer.Deserialize<Record>(bytes, Settings) ?? throw new InvalidDataException("The checkpoint's history is empty.");
        history.ReplaceWith(record.Epochs, record.Steps, record.Notes, record.ValidationMetricName, record.SelectedEpoch, record.LayerStatistics);
        // A finished ensemble member's history carries what Fit measured after its last epoch.
        history.BaselineLoss = record.BaselineLoss ?? history.BaselineLoss;
        history.SetClasses(record.Classes ?? []);
    }

    public static TrainingHistory Read(byte[] bytes)
    {
        var history = new TrainingHistory();
        ReadInto(bytes, history);
        return history;
    }

    /// <summary>A checkpoint's history; the fields after SelectedEpoch are missing (null) in checkpoints written before they existed.</summary>
    private sealed record Record(
        List<EpochRecord> Epochs, List<StepRecord> Steps, List<string> Notes, string? ValidationMetricName, int SelectedEpoch,
        List<LayerStatisticsRecord>? LayerStatistics = null, double? BaselineLoss = null, List<ClassRecord>? Classes = null);
}
