namespace MLNetDeep;

/// <summary>
/// What <see cref="TrainingHistory.Diagnose"/> looks for. Each member's docs give the rule; the figures are in
/// <see cref="DiagnosisThresholds"/>. Problems marked "instrumented" need
/// <see cref="DeepMlpOptionsBase.GradientStatisticsEveryNSteps"/> &gt; 0; without it the diagnosis holds an
/// <see cref="FindingSeverity.Info"/> finding saying it was not checked.
/// </summary>
public enum TrainingProblem
{
    /// <summary>
    /// The validation loss rises while the training loss falls. Both are smoothed over 3 epochs (centred; 2 at the first and last epoch); the start is the
    /// epoch of the smoothed validation minimum. A finding when, from there to the last epoch, the smoothed validation
    /// loss rose by at least <see cref="DiagnosisThresholds.OverfittingRise"/> (relative; Serious from
    /// <see cref="DiagnosisThresholds.OverfittingSeriousRise"/>) and the smoothed training loss fell. Info instead when the
    /// model already holds an epoch at most 2 from the start (early stopping restored it), or when the smoothed validation
    /// metric (higher is better) at the last epoch is at most <see cref="DiagnosisThresholds.OverfittingMetricDrop"/>
    /// below its value at the start (over-confident probabilities, not worse predictions). Needs validation data and
    /// at least 4 epochs.
    /// </summary>
    Overfitting,

    /// <summary>
    /// The last epoch's training loss is still at least <see cref="DiagnosisThresholds.UnderfittingBaselineFraction"/>
    /// times the trivial model's (<see cref="TrainingHistory.BaselineLoss"/>) and fell by less than
    /// <see cref="DiagnosisThresholds.UnderfittingImprovement"/> (relative) over the last third of the epochs (from the
    /// epoch before the last ⌈n/3⌉ to the last). Needs at least 3 epochs and the baseline loss.
    /// </summary>
    Underfitting,

    /// <summary>
    /// Instrumented: the median over the instrumented steps of the first hidden layer's gradient norm divided by the
    /// output layer's is below <see cref="DiagnosisThresholds.VanishingRatio"/> (Serious below
    /// <see cref="DiagnosisThresholds.VanishingSeriousRatio"/>). Needs at least one hidden layer.
    /// </summary>
    VanishingGradients,

    /// <summary>
    /// Instrumented: a step's gradient norm (over all layers' weights) is above
    /// <see cref="DiagnosisThresholds.ExplodingFactor"/> times the median of the instrumented steps before it (at least
    /// <see cref="DiagnosisThresholds.ExplodingMinimumSteps"/> of them), or is not finite. Serious.
    /// </summary>
    ExplodingGradients,

    /// <summary>
    /// Instrumented: in a ReLU layer, the median over the last third of the instrumented steps of the fraction of units
    /// never active on the step's rows is above <see cref="DiagnosisThresholds.DeadUnitFraction"/> (Serious above
    /// <see cref="DiagnosisThresholds.DeadUnitSeriousFraction"/>).
    /// </summary>
    DeadReLU,

    /// <summary>
    /// The best training loss after the first epoch is not <see cref="DiagnosisThresholds.LossNotDecreasingImprovement"/>
    /// (relative) below the first epoch's. Needs at least 2 epochs. Warning.
    /// </summary>
    LossNotDecreasing,

    /// <summary>
    /// Serious when training diverged (a divergence note, or a non-finite epoch training loss). Warning when the last
    /// epoch's training loss ended at least <see cref="DiagnosisThresholds.LossRiseFromBest"/> (relative) above the best
    /// epoch's or at least <see cref="DiagnosisThresholds.LossAboveBaseline"/> times the loss of a model that ignores the
    /// features (the larger of <see cref="TrainingHistory.BaselineLoss"/> and, for K classes, ln K), or, instrumented, when the median update-to-weight ratio of a layer is above
    /// <see cref="DiagnosisThresholds.UpdateRatioTooHigh"/>.
    /// </summary>
    LearningRateTooHigh,

    /// <summary>
    /// Instrumented: the median update-to-weight ratio over all layers and instrumented steps is below
    /// <see cref="DiagnosisThresholds.UpdateRatioTooLow"/>. Warning.
    /// </summary>
    LearningRateTooLow,

    /// <summary>
    /// Classification: the final model's recall on the class with the fewest training rows is below
    /// <see cref="DiagnosisThresholds.ClassImbalanceRecallRatio"/> times its recall on the class with the most
    /// (<see cref="TrainingHistory.Classes"/>), and the class with the most has at least
    /// <see cref="DiagnosisThresholds.ClassImbalanceMinimumRatio"/> times its training rows; Serious when the recall is 0.
    /// </summary>
    ClassImbalance,
}

/// <summary>How much a <see cref="TrainingFinding"/> matters.</summary>
public enum FindingSeverity
{
    /// <summary>Worth knowing; nothing to change (also: a problem that could not be checked, and why).</summary>
    Info,

    /// <summary>The model is probably worse than it could be; the remedies say what to change.</summary>
    Warning,

    /// <summary>Training went clearly wrong; fix it before trusting the model.</summary>
    Serious,
}
