namespace MLNetDeep;

/// <summary>
/// What happened during <c>Fit</c>, one row per finished epoch, in the order they ran. Read it from
/// <see cref="DeepMlpTransformer.History"/> after training, or from a callback while training runs.
/// </summary>
public sealed partial class TrainingHistory
{
    private readonly List<EpochRecord> _epochs = [];
    private readonly List<string> _notes = [];
    private readonly List<TrainingHistory> _members = [];
    private readonly List<StepRecord> _steps = [];
    private readonly List<LayerStatisticsRecord> _layerStatistics = [];
    private readonly List<ClassRecord> _classes = [];

    /// <summary>The finished epochs.</summary>
    public IReadOnlyList<EpochRecord> Epochs => _epochs;

    /// <summary>
    /// One row per optimizer step (or skipped step under float16 mixed precision), in order: the learning rate it
    /// used, its loss and, when clipping or loss scaling is on, the gradient norm and loss scale.
    /// </summary>
    public IReadOnlyList<StepRecord> Steps => _steps;

    /// <summary>
    /// Per-layer gradient-flow figures, one row per layer at every N-th optimizer step, when
    /// <see cref="DeepMlpOptionsBase.GradientStatisticsEveryNSteps"/> is above 0; empty otherwise. <see cref="Diagnose"/> reads them.
    /// </summary>
    public IReadOnlyList<LayerStatisticsRecord> LayerStatistics => _layerStatistics;

    /// <summary>
    /// The loss of the trivial model on the training rows, in the units of <see cref="EpochRecord.TrainingLoss"/>: the
    /// class prior's entropy −Σ p_k ln p_k for classification, the standardized label's variance (about 1) for
    /// regression; null for a history that does not come from <c>Fit</c> (or from an older JSON file).
    /// </summary>
    public double? BaselineLoss { get; internal set; }

    /// <summary>
    /// For classification, one row per class: its training rows and the final model's recall on the validation rows (the
    /// training rows without validation data), measured once after the last epoch; empty for regression.
    /// </summary>
    public IReadOnlyList<ClassRecord> Classes => _classes;

    /// <summary>Decisions the trainer made on the user's behalf (for example a validation split it carved).</summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>The name of the validation metric recorded in <see cref="EpochRecord.ValidationMetric"/>, or null without validation data.</summary>
    public string? ValidationMetricName { get; internal set; }

    /// <summary>
    /// The 1-based epoch whose weights the model holds: the last one, unless early stopping restored its best epoch or
    /// the divergence guard restored the last finite one (0 when that was the initialization).
    /// </summary>
    public int SelectedEpoch { get; internal set; }

    internal void Add(EpochRecord record) => _epochs.Add(record);

    internal void AddStep(StepRecord record) => _steps.Add(record);

    internal void AddNote(string note) => _notes.Add(note);

    internal void AddLayerStatistics(LayerStatisticsRecord record) => _layerStatistics.Add(record);

    internal void SetClasses(IEnumerable<ClassRecord> classes)
    {
        _classes.Clear();
        _classes.AddRange(classes);
    }

    /// <summary>Replaces the records (not the members, the baseline loss or the classes) with a checkpoint's.</summary>
    internal void ReplaceWith(
        IEnumerable<EpochRecord> epochs, IEnumerable<StepRecord> steps, IEnumerable<string> notes, string? validationMetricName, int selectedEpoch,
        IEnumerable<LayerStatisticsRecord>? layerStatistics = null)
    {
        _layerStatistics.Clear();
        _layerStatistics.AddRange(layerStatistics ?? []);
        _epochs.Clear();
        _epochs.AddRange(epochs);
        _steps.Clear();
        _steps.AddRange(steps);
        _notes.Clear();
        _notes.AddRange(notes);
        ValidationMetricName = validationMetricName;
        SelectedEpoch = selectedEpoch;
    }

    /// <summary>
    /// With <see cref="DeepMlpOptionsBase.EnsembleSize"/> &gt; 1, the history of every ensemble member (this one, member 0,
    /// first); empty for a single model.
    /// </summary>
    public IReadOnlyList<TrainingHistory> Members => _members.Count == 0 ? [] : [this, .. _members];

    internal void AddMember(TrainingHistory member) => _members.Add(member);
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

/// <summary>One optimizer step (after all the batches it accumulated).</summary>
/// <param name="Step">1-based step number (<see cref="TrainingContext.Step"/> after the step).</param>
/// <param name="Epoch">1-based epoch the step ran in.</param>
/// <param name="LearningRate">The learning rate the optimizer used.</param>
/// <param name="Loss">Mean (example-weighted) training loss of the step's batches.</param>
/// <param name="GradientNorm">Global L2 norm of the gradients the update used, after clipping; null without gradient clipping.</param>
/// <param name="LossScale">The float16 loss scale the step's backward pass used; null without float16 mixed precision.</param>
/// <param name="Skipped">True when the gradients overflowed and the weights were left unchanged.</param>
public sealed record StepRecord(
    long Step,
    int Epoch,
    double LearningRate,
    double Loss,
    double? GradientNorm,
    double? LossScale,
    bool Skipped);
