using static MLNetDeep.Diagnostics.SetupChecks;
using T = MLNetDeep.DiagnosisThresholds;

namespace MLNetDeep.Doctor;

/// <summary>The rules that read the epochs' losses: overfitting, underfitting and a loss that does not decrease.</summary>
internal static class LossCurveRules
{
    public static TrainingFinding? Overfitting(TrainingHistory history)
    {
        var epochs = history.Epochs.Where(e => e.ValidationLoss is { } v && double.IsFinite(v) && double.IsFinite(e.TrainingLoss)).ToList();
        if (history.Epochs.All(e => e.ValidationLoss is null))
            return TrainingFinding.NotChecked(TrainingProblem.Overfitting, "there is no validation data.",
                "ValidationFraction = 0.1 (or pass validation data to Fit) to track the validation loss");
        if (epochs.Count < T.OverfittingMinimumEpochs)
            return null;
        double[] validation = Smooth([.. epochs.Select(e => e.ValidationLoss!.Value)]);
        double[] training = Smooth([.. epochs.Select(e => e.TrainingLoss)]);
        int start = Array.IndexOf(validation, validation.Min()), last = epochs.Count - 1;
        double rise = (validation[last] - validation[start]) / validation[start];
        if (start == last || rise < T.OverfittingRise || training[last] >= training[start])
            return null;
        int startEpoch = epochs[start].Epoch;
        var best = epochs.MinBy(e => e.ValidationLoss!.Value)!;
        var evidence = new Dictionary<string, double>
        {
            ["overfitting start epoch"] = startEpoch,
            ["best validation epoch"] = best.Epoch,
            ["best validation loss"] = best.ValidationLoss!.Value,
            ["last validation loss"] = epochs[last].ValidationLoss!.Value,
            ["validation loss rise"] = rise,
            ["training loss fall"] = (training[start] - training[last]) / training[start],
            ["selected epoch"] = history.SelectedEpoch,
        };
        string summary = $"from epoch {startEpoch} (best validation epoch {best.Epoch}) the validation loss rose {F(rise * 100, "F1")}% "
            + $"(smoothed over 3 epochs) while the training loss fell {F(evidence["training loss fall"] * 100, "F1")}%";
        // Handled only when an earlier epoch was actually selected (early stopping's restore): without it the last epoch is selected.
        bool handled = history.SelectedEpoch > 0 && history.SelectedEpoch < epochs[^1].Epoch
            && Math.Abs(history.SelectedEpoch - startEpoch) <= T.OverfittingStartTolerance;
        if (handled)
            return new(TrainingProblem.Overfitting, FindingSeverity.Info, summary + $"; the model holds epoch {history.SelectedEpoch}, selected before the rise", evidence, []);
        double[] metric = Smooth([.. epochs.Select(e => e.ValidationMetric ?? double.NaN)]);
        if (double.IsFinite(metric[start]) && double.IsFinite(metric[last]))
        {
            evidence["validation metric at start"] = metric[start];
            evidence["last validation metric"] = metric[last];
            string name = history.ValidationMetricName ?? "the validation metric";
            if (metric[last] >= metric[start] - T.OverfittingMetricDrop)
                return new(TrainingProblem.Overfitting, FindingSeverity.Info, summary + $", but {name} held ({F(metric[start])} -> {F(metric[last])}, smoothed): "
                    + "the probabilities grew over-confident, the predictions did not get worse", evidence,
                    ["EarlyStopping = new EarlyStoppingOptions { Monitor = EarlyStoppingMonitor.ValidationLoss } (if you use the probabilities)"]);
            summary += $", and {name} fell from {F(metric[start])} to {F(metric[last])} (smoothed)";
        }
        return new(TrainingProblem.Overfitting, rise >= T.OverfittingSeriousRise ? FindingSeverity.Serious : FindingSeverity.Warning, summary, evidence,
        [
            "DropoutRate = 0.3 (or higher)",
            "L2Regularization = 1e-4 (WeightDecay = 0.01 with Optimizer = AdamW)",
            $"EarlyStopping = new EarlyStoppingOptions {{ Patience = 5 }} (or NumberOfEpochs = {startEpoch})",
            "HiddenLayerSizes = a smaller network (fewer or narrower layers)",
            "more training rows",
            "EnsembleSize = 5",
        ]);
    }

    public static TrainingFinding? Underfitting(TrainingHistory history)
    {
        var losses = FiniteTrainingLosses(history);
        if (losses.Length < 3 || history.BaselineLoss is not { } baseline || !(baseline > 0))
            return null;
        int tail = (losses.Length + 2) / 3;
        double before = losses[^(tail + 1)], lastLoss = losses[^1];
        double improvement = (before - lastLoss) / before;
        if (lastLoss < T.UnderfittingBaselineFraction * baseline || improvement >= T.UnderfittingImprovement)
            return null;
        var evidence = new Dictionary<string, double>
        {
            ["last training loss"] = lastLoss,
            ["baseline loss"] = baseline,
            ["loss / baseline"] = lastLoss / baseline,
            ["improvement over last third"] = improvement,
        };
        return new(TrainingProblem.Underfitting, FindingSeverity.Warning,
            $"the last training loss {F(lastLoss)} is {F(lastLoss / baseline, "F2")}x the trivial model's {F(baseline)} "
            + $"(threshold {F(T.UnderfittingBaselineFraction)}x) and fell {F(improvement * 100, "F2")}% over the last {tail} epochs (threshold {F(T.UnderfittingImprovement * 100)}%)",
            evidence,
        [
            "HiddenLayerSizes = a bigger network (for example [512, 256])",
            "NumberOfEpochs = twice as many",
            "DropoutRate = 0, L2Regularization = 0 (less regularization)",
            "LearningRate = 3x the current rate (or run FindLearningRate)",
        ]);
    }

    public static TrainingFinding? LossNotDecreasing(TrainingHistory history)
    {
        var losses = FiniteTrainingLosses(history);
        if (losses.Length < 2 || !(losses[0] > 0))
            return null;
        double bestLater = losses.Skip(1).Min();
        double improvement = (losses[0] - bestLater) / losses[0];
        if (improvement >= T.LossNotDecreasingImprovement)
            return null;
        return new(TrainingProblem.LossNotDecreasing, FindingSeverity.Warning,
            $"the best training loss after epoch 1 is {F(bestLater)}, {F(improvement * 100, "F2")}% below epoch 1's {F(losses[0])} (threshold {F(T.LossNotDecreasingImprovement * 100)}%)",
            new Dictionary<string, double> { ["first training loss"] = losses[0], ["best later training loss"] = bestLater, ["improvement"] = improvement },
        [
            "LearningRate = the rate trainer.FindLearningRate(data) suggests",
            "run trainer.CheckSetup(data) (initial loss, overfitting 32 rows, gradient check)",
        ]);
    }

    /// <summary>The finite training losses of the epochs, in order.</summary>
    internal static double[] FiniteTrainingLosses(TrainingHistory history) => [.. history.Epochs.Select(e => e.TrainingLoss).Where(double.IsFinite)];

    /// <summary>Centred moving average over 3 values (2 at the ends).</summary>
    internal static double[] Smooth(double[] values) =>
        [.. values.Select((_, i) => values[Math.Max(0, i - 1)..Math.Min(values.Length, i + 2)].Average())];
}
