using System.Globalization;
using Microsoft.ML.Runtime;

namespace MLNetDeep.Training;

/// <summary>
/// A fit's messages to <c>mlContext.Log</c>, as ML.NET's own trainers write them: through a channel of the trainer's
/// host, so they arrive with the source <c>DeepMlp; Fit</c>. History notes go out as warnings, each once. Without a
/// context nothing is written.
/// </summary>
internal sealed class FitLog : IDisposable
{
    private readonly IChannel? _channel;
    private readonly Dictionary<TrainingHistory, int> _notesLogged = [];

    public FitLog(IHost? host)
    {
        _channel = host?.Start("Fit");
    }

    public static CultureInfo Culture => CultureInfo.InvariantCulture;

    public void Info(string message) => _channel?.Info(MessageSensitivity.None, "{0}", message);

    public void Warning(string message) => _channel?.Warning(MessageSensitivity.None, "{0}", message);

    /// <summary>Writes the notes of <paramref name="history"/> not written yet, as warnings.</summary>
    public void Notes(TrainingHistory history)
    {
        _notesLogged.TryGetValue(history, out int logged);
        for (int i = logged; i < history.Notes.Count; i++)
            Warning(history.Notes[i]);
        _notesLogged[history] = history.Notes.Count;
    }

    /// <summary>One line per epoch: losses, metric, learning rate, throughput and time left.</summary>
    public void Epoch(TrainingProgress p)
    {
        string member = p.EnsembleSize > 1 ? string.Create(Culture, $"Member {p.Member}/{p.EnsembleSize}, ") : "";
        string validation = p.ValidationLoss is { } loss ? string.Create(Culture, $", validation loss {loss:G5}") : "";
        string metric = p.ValidationMetric is { } value ? string.Create(Culture, $", {p.ValidationMetricName} {value:G5}") : "";
        string eta = p.EstimatedTimeRemaining is { } left ? $", ETA {Duration(left)}" : "";
        Info(string.Create(Culture,
            $"{member}Epoch {p.Epoch}/{p.NumberOfEpochs}: training loss {p.TrainingLoss:G5}{validation}{metric}, learning rate {p.LearningRate:G4}, {p.RowsPerSecond:N0} rows/s{eta}"));
    }

    public static string Duration(TimeSpan span) => span.ToString(span.TotalHours >= 1 ? @"h\:mm\:ss" : @"m\:ss", Culture);

    public void Dispose() => _channel?.Dispose();
}
