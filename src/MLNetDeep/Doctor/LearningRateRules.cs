using static MLNetDeep.Diagnostics.SetupChecks;
using T = MLNetDeep.DiagnosisThresholds;

namespace MLNetDeep.Doctor;

/// <summary>A learning rate that is too high, from the losses (divergence, a rise from the best epoch) and, when recorded, the update-to-weight ratios.</summary>
internal static class LearningRateRules
{
    /// <summary>The start of the note <see cref="Training.DivergenceGuard"/> writes when it restores weights.</summary>
    private const string DivergedNote = "Training diverged";

    public static TrainingFinding? TooHigh(TrainingHistory history)
    {
        var evidence = new Dictionary<string, double>();
        var reasons = new List<string>();
        bool serious = false;
        if (history.Notes.FirstOrDefault(n => n.StartsWith(DivergedNote, StringComparison.Ordinal)) is { } note)
        {
            serious = true;
            int colon = note.IndexOf(':', StringComparison.Ordinal);
            reasons.Add("training diverged (" + (colon > 0 ? note[..colon] : note).ToLowerInvariant() + ")");
        }
        if (history.Epochs.FirstOrDefault(e => !double.IsFinite(e.TrainingLoss)) is { } nonFinite)
        {
            serious = true;
            evidence["non-finite epoch"] = nonFinite.Epoch;
            reasons.Add($"the training loss of epoch {nonFinite.Epoch} is {nonFinite.TrainingLoss}");
        }
        double[] losses = LossCurveRules.FiniteTrainingLosses(history);
        if (losses.Length >= 2 && losses.Min() > 0)
        {
            double rise = (losses[^1] - losses.Min()) / losses.Min();
            double floor = T.LossRiseMinimumOfBaseline * (KnowNothingLoss(history) ?? 0);
            if (rise >= T.LossRiseFromBest && losses[^1] - losses.Min() >= floor)
            {
                evidence["best training loss"] = losses.Min();
                evidence["last training loss"] = losses[^1];
                evidence["rise from best"] = rise;
                reasons.Add($"the last training loss {F(losses[^1])} is {F(rise * 100, "F0")}% above the best epoch's {F(losses.Min())} (threshold {F(T.LossRiseFromBest * 100)}%)");
            }
        }
        if (losses.Length > 0 && KnowNothingLoss(history) is { } reference && losses[^1] >= T.LossAboveBaseline * reference)
        {
            evidence["last training loss"] = losses[^1];
            evidence["know-nothing loss"] = reference;
            reasons.Add($"the last training loss {F(losses[^1])} is {F(losses[^1] / reference, "F1")}x the loss of a model that ignores the features, {F(reference)} (threshold {F(T.LossAboveBaseline)}x)");
        }
        var high = GradientFlowRules.UpdateRatios(history).Where(l => l.Ratio > T.UpdateRatioTooHigh).OrderByDescending(l => l.Ratio).ToList();
        if (high.Count > 0)
        {
            evidence["highest median update-to-weight ratio"] = high[0].Ratio;
            reasons.Add($"the median update-to-weight ratio of {high[0].Layer} is {F(high[0].Ratio)} (threshold {F(T.UpdateRatioTooHigh)}; about 1e-3 is typical)");
        }
        if (reasons.Count == 0)
            return null;
        if (HighestRate(history) is { } rate)
            evidence["highest learning rate"] = rate;
        return new(TrainingProblem.LearningRateTooHigh, serious ? FindingSeverity.Serious : FindingSeverity.Warning, string.Join("; ", reasons), evidence,
        [
            Lower(history),
            "LearningRate = the rate trainer.FindLearningRate(data) suggests",
            "GradientClippingNorm = 1",
            "WarmupFraction = 0.05",
        ]);
    }

    /// <summary>
    /// The larger of the trivial model's loss and, for K classes, ln K (uniform probabilities: where an initialized
    /// network starts, above the prior's entropy on imbalanced data); null without a baseline.
    /// </summary>
    private static double? KnowNothingLoss(TrainingHistory history) => history.BaselineLoss is { } baseline && baseline > 0
        ? Math.Max(baseline, history.Classes.Count > 1 ? Math.Log(history.Classes.Count) : 0)
        : null;

    /// <summary>"LearningRate = 0.001 (a tenth of the highest rate used, 0.01)", or a generic line when the history has no rate.</summary>
    internal static string Lower(TrainingHistory history) => HighestRate(history) is { } peak
        ? $"LearningRate = {F(peak / 10)} (a tenth of the highest rate used, {F(peak)})"
        : "LearningRate = a tenth of the current rate";

    private static double? HighestRate(TrainingHistory history) =>
        history.Steps.Count > 0 ? history.Steps.Max(s => s.LearningRate) : history.Epochs.Count > 0 ? history.Epochs.Max(e => e.LearningRate) : null;
}
