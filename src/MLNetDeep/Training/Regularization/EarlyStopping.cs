using System.Globalization;

namespace MLNetDeep.Training.Regularization;

/// <summary>
/// Stops training once the monitored validation value has not improved by more than MinDelta for Patience
/// epochs, keeps a copy of the best epoch's parameters and buffers in memory, and puts it back at the end of
/// training (when RestoreBestWeights), making that epoch the history's <see cref="TrainingHistory.SelectedEpoch"/>.
/// </summary>
internal sealed class EarlyStopping(EarlyStoppingOptions options) : TrainingCallback, IDisposable
{
    private readonly bool _minimize = options.Minimizes;

    private readonly WeightsCopy _best = new();
    private ImprovementMonitor _monitor = null!;

    public override void OnTrainBegin(TrainingContext context) =>
        _monitor = new ImprovementMonitor(_minimize, options.MinDelta, relative: false);

    public override void OnEpochEnd(TrainingContext context, EpochRecord record)
    {
        double? monitored = options.Monitor == EarlyStoppingMonitor.ValidationLoss ? record.ValidationLoss : record.ValidationMetric;
        if (monitored is not { } value)
            throw new InvalidOperationException($"EarlyStopping monitors {options.Monitor}, but epoch {record.Epoch} has no validation value. "
                + "Make sure you have validation data: pass it to Fit(trainingData, validationData) or set ValidationFraction > 0.");

        // NaN never improves; an all-NaN run keeps the last weights.
        if (_monitor.Observe(value, record.Epoch))
        {
            if (options.RestoreBestWeights)
                _best.Take(context.Network);
        }
        else if (_monitor.EpochsWithoutImprovement >= options.Patience)
        {
            context.StopTraining = true;
            context.History.AddNote(string.Create(CultureInfo.InvariantCulture,
                $"Early stopping: {options.Monitor} did not improve on {_monitor.Best:G6} (epoch {_monitor.BestEpoch}) for {options.Patience} epochs; stopped after epoch {record.Epoch} of {context.NumberOfEpochs}."));
        }
    }

    public override void OnTrainEnd(TrainingContext context)
    {
        if (!_best.HasCopy)
            return;
        int last = context.History.Epochs.Count;
        int bestEpoch = _monitor.BestEpoch;
        if (bestEpoch != last)
        {
            _best.RestoreInto(context.Network);
            context.History.AddNote($"Early stopping restored the weights of epoch {bestEpoch}, the best {options.Monitor}.");
        }
        context.History.SelectedEpoch = bestEpoch;
        _best.Dispose();
    }

    public override void OnSaveCheckpoint(TrainingContext context, CheckpointState state)
    {
        _monitor.Save(state, "");
        state.Set("BestWeights", _best.ToBytes());
    }

    public override void OnRestoreCheckpoint(TrainingContext context, CheckpointState state)
    {
        _monitor.Restore(state, "");
        _best.FromBytes(context.Network, state.GetBytes("BestWeights"));
    }

    /// <summary>Frees the best epoch's copy when training ends early (for example when Fit is cancelled).</summary>
    public void Dispose() => _best.Dispose();
}
