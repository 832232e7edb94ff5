using System.Globalization;
using static TorchSharp.torch;

namespace MLNetDeep.Training;

/// <summary>
/// The built-in callback that never lets a fit fail silently. After every batch it reads the batch loss the step
/// already returned (no extra device work): a non-finite loss (unless float16 skipped that step), too many float16
/// skips in a row, or, when asked, a loss beyond <see cref="DivergenceGuardOptions.ExplodingLossFactor"/> times the
/// first epoch's is divergence, as is a non-finite validation loss. At the end of every epoch with finite results it
/// keeps a copy of the weights, so that <see cref="DivergenceAction.RestoreLastFiniteWeights"/> can put them back.
/// </summary>
internal sealed class DivergenceGuard(DeepMlpOptionsBase options) : TrainingCallback, IDisposable
{
    private readonly DivergenceGuardOptions _guard = options.DivergenceGuard;
    private readonly WeightsCopy _lastFinite = new();
    private int _lastFiniteEpoch;
    private double? _firstEpochLoss;
    private int _divergedEpoch;

    public override void OnTrainBegin(TrainingContext context) => Keep(context.Network, epoch: 0);

    public override void OnBatchEnd(TrainingContext context, double batchLoss)
    {
        if (_divergedEpoch > 0)
            return;
        int skipped = TrailingSkippedSteps(context.History);
        if (skipped >= _guard.MaxConsecutiveSkippedSteps)
            Diverged(context, string.Create(CultureInfo.InvariantCulture, $"float16 mixed precision skipped {skipped} steps in a row (its loss scale kept overflowing)"), float16: true);
        else if (!double.IsFinite(batchLoss) && skipped == 0)
            Diverged(context, string.Create(CultureInfo.InvariantCulture, $"the training loss is {batchLoss}"), float16: false);
        else if (_guard.DetectExplodingLoss && _firstEpochLoss is { } first && batchLoss > _guard.ExplodingLossFactor * first)
            Diverged(context, string.Create(CultureInfo.InvariantCulture,
                $"the training loss {batchLoss:G4} exploded past {_guard.ExplodingLossFactor:G3} times the first epoch's ({first:G4}; DivergenceGuard.DetectExplodingLoss)"), float16: false);
    }

    public override void OnEpochEnd(TrainingContext context, EpochRecord record)
    {
        if (_divergedEpoch > 0)
            return;
        if (record.ValidationLoss is { } validation && !double.IsFinite(validation))
        {
            Diverged(context, string.Create(CultureInfo.InvariantCulture, $"the validation loss is {validation}"), float16: false);
            return;
        }
        if (double.IsFinite(record.TrainingLoss) && DivergenceDiagnosis.FirstNonFinite(context.Network) is null)
            Keep(context.Network, record.Epoch);
        if (_firstEpochLoss is null && double.IsFinite(record.TrainingLoss) && record.TrainingLoss > 0)
            _firstEpochLoss = record.TrainingLoss;
    }

    public override void OnTrainEnd(TrainingContext context)
    {
        // After a restore the model holds the kept epoch's weights, unless early stopping put back an even earlier best.
        if (_divergedEpoch > 0 && context.History.SelectedEpoch >= _divergedEpoch)
            context.History.SelectedEpoch = _lastFiniteEpoch;
        _lastFinite.Dispose();
    }

    public override void OnSaveCheckpoint(TrainingContext context, CheckpointState state)
    {
        state.Set("LastFiniteWeights", _lastFinite.ToBytes());
        state.Set("LastFiniteEpoch", _lastFiniteEpoch);
        state.Set("DivergedEpoch", _divergedEpoch);
        if (_firstEpochLoss is { } first)
            state.Set("FirstEpochLoss", first);
    }

    public override void OnRestoreCheckpoint(TrainingContext context, CheckpointState state)
    {
        _lastFinite.FromBytes(context.Network, state.GetBytes("LastFiniteWeights"));
        _lastFiniteEpoch = (int)state.GetInt64("LastFiniteEpoch");
        _divergedEpoch = (int)state.GetInt64("DivergedEpoch");
        _firstEpochLoss = state.ContainsKey("FirstEpochLoss") ? state.GetDouble("FirstEpochLoss") : null;
    }

    public void Dispose() => _lastFinite.Dispose();

    private void Diverged(TrainingContext context, string problem, bool float16)
    {
        string? layer = DivergenceDiagnosis.FirstNonFinite(context.Network);
        var causes = DivergenceDiagnosis.LikelyCauses(options, float16);
        if (_guard.Action == DivergenceAction.Throw || !_lastFinite.HasCopy)
            throw new TrainingDivergedException(context.History, context.Epoch, context.Step, problem, layer, causes);

        _lastFinite.RestoreInto(context.Network);
        _divergedEpoch = context.Epoch;
        context.StopTraining = true;
        string kept = _lastFiniteEpoch == 0 ? "the initial weights (no epoch had ended with finite results)" : $"the weights of epoch {_lastFiniteEpoch}";
        context.History.AddNote(string.Create(CultureInfo.InvariantCulture,
            $"Training diverged in epoch {context.Epoch}, after step {context.Step}: {problem}. Restored {kept} (DivergenceGuard.Action = RestoreLastFiniteWeights). Likely causes: {string.Join(" ", causes)}"));
    }

    /// <summary>Skipped steps at the end of the history (float16 loss scaling only; 0 otherwise).</summary>
    private int TrailingSkippedSteps(TrainingHistory history)
    {
        var steps = history.Steps;
        int count = 0;
        for (int i = steps.Count - 1; i >= 0 && count < _guard.MaxConsecutiveSkippedSteps && steps[i].Skipped; i--)
            count++;
        return count;
    }

    private void Keep(nn.Module network, int epoch)
    {
        _lastFinite.Take(network);
        _lastFiniteEpoch = epoch;
    }
}
