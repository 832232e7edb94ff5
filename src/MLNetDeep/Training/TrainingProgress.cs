namespace MLNetDeep;

/// <summary>
/// Where a running fit stands, reported through <see cref="DeepMlpOptionsBase.Progress"/> after every batch and at the
/// end of every epoch (<see cref="IsEpochEnd"/>, with the validation results).
/// </summary>
/// <param name="Member">1-based ensemble member being trained (1 for a single model).</param>
/// <param name="EnsembleSize">Members to train.</param>
/// <param name="Epoch">1-based epoch of that member.</param>
/// <param name="NumberOfEpochs">The epoch limit (early stopping may end sooner).</param>
/// <param name="EpochRows">Rows of this epoch trained so far.</param>
/// <param name="TrainingRowCount">Rows per epoch.</param>
/// <param name="Step">Optimizer steps of this member so far.</param>
/// <param name="TrainingLoss">Mean training loss of this epoch's batches so far (the epoch's mean at its end).</param>
/// <param name="ValidationLoss">The epoch's validation loss at its end; null before, or without validation data.</param>
/// <param name="ValidationMetric">The epoch's validation metric at its end; null before, or without validation data.</param>
/// <param name="ValidationMetricName">The metric's name, or null without validation data.</param>
/// <param name="LearningRate">The current learning rate.</param>
/// <param name="RowsPerSecond">Training throughput of this epoch so far.</param>
/// <param name="Elapsed">Time since training started (after the data was read and prepared).</param>
/// <param name="EstimatedTimeRemaining">Time left at the throughput so far if every epoch runs; null until measurable.</param>
/// <param name="IsEpochEnd">True for the report at the end of an epoch.</param>
public sealed record TrainingProgress(
    int Member,
    int EnsembleSize,
    int Epoch,
    int NumberOfEpochs,
    long EpochRows,
    long TrainingRowCount,
    long Step,
    double TrainingLoss,
    double? ValidationLoss,
    double? ValidationMetric,
    string? ValidationMetricName,
    double LearningRate,
    double RowsPerSecond,
    TimeSpan Elapsed,
    TimeSpan? EstimatedTimeRemaining,
    bool IsEpochEnd)
{
    /// <summary>The fraction of all planned training done, in [0, 1], over every member and epoch.</summary>
    public double Fraction => TrainingRowCount <= 0 || NumberOfEpochs <= 0 || EnsembleSize <= 0 ? 0
        : Math.Clamp((((((Member - 1) * (double)NumberOfEpochs) + (Epoch - 1)) * TrainingRowCount) + EpochRows)
            / ((double)EnsembleSize * NumberOfEpochs * TrainingRowCount), 0, 1);
}
