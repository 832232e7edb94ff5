namespace MLNetDeep;

/// <summary>
/// What happened during <c>Fit</c>, one row per finished epoch, in the order they ran. Read it from
/// <see cref="DeepMlpTransformer.History"/> after training, or from a callback while training runs.
/// </summary>
public sealed class TrainingHistory
{
    private readonly List<EpochRecord> _epochs = [];
    private readonly List<string> _notes = [];

    /// <summary>The finished epochs.</summary>
    public IReadOnlyList<EpochRecord> Epochs => _epochs;

    /// <summary>Decisions the trainer made on the user's behalf (for example a validation split it carved).</summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>The name of the validation metric recorded in <see cref="EpochRecord.ValidationMetric"/>, or null without validation data.</summary>
    public string? ValidationMetricName { get; internal set; }

    /// <summary>The 1-based epoch whose weights the model holds (the last one unless best weights were restored).</summary>
    public int SelectedEpoch { get; internal set; }

    internal void Add(EpochRecord record) => _epochs.Add(record);

    internal void AddNote(string note) => _notes.Add(note);
}

/// <summary>One finished epoch.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainingLoss">Mean (example-weighted) training loss over the epoch's batches.</param>
/// <param name="ValidationLoss">Loss on the validation data, or null without validation data.</param>
/// <param name="ValidationMetric">The value of <see cref="TrainingHistory.ValidationMetricName"/>, or null.</param>
/// <param name="LearningRate">The learning rate at the end of the epoch.</param>
/// <param name="Duration">Wall time of the epoch: training batches, including reading the data, and validation.</param>
public sealed record EpochRecord(
    int Epoch,
    double TrainingLoss,
    double? ValidationLoss,
    double? ValidationMetric,
    double LearningRate,
    TimeSpan Duration);
