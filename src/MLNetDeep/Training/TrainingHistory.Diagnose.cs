using MLNetDeep.Doctor;

namespace MLNetDeep;

/// <summary>The training doctor: reads the history and gives ranked advice.</summary>
public sealed partial class TrainingHistory
{
    /// <summary>
    /// Reads this history (epochs, steps, notes, <see cref="LayerStatistics"/>, <see cref="BaselineLoss"/>,
    /// <see cref="Classes"/>) and returns the problems it shows, ranked by severity, each with its evidence and remedies as
    /// option changes. <see cref="TrainingProblem"/> documents every rule and <see cref="DiagnosisThresholds"/> its figures.
    /// Rules that need gradient statistics (<see cref="DeepMlpOptionsBase.GradientStatisticsEveryNSteps"/>) or validation
    /// data give an Info finding saying so when they are missing. For an ensemble this diagnoses member 0; call it on each
    /// of <see cref="Members"/> for the others. It only reads the history, so it also works on one read by <see cref="LoadJson"/>.
    /// </summary>
    public TrainingDiagnosis Diagnose()
    {
        TrainingFinding?[] findings =
        [
            LossCurveRules.Overfitting(this),
            LossCurveRules.Underfitting(this),
            GradientFlowRules.VanishingGradients(this),
            GradientFlowRules.ExplodingGradients(this),
            GradientFlowRules.DeadReLU(this),
            LossCurveRules.LossNotDecreasing(this),
            LearningRateRules.TooHigh(this),
            GradientFlowRules.LearningRateTooLow(this),
            ClassImbalanceRule.Check(this),
        ];
        return new TrainingDiagnosis(findings.OfType<TrainingFinding>(), Epochs.Count, Steps.Count, LayerStatistics.Count);
    }
}
