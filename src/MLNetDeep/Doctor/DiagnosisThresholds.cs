namespace MLNetDeep;

/// <summary>The thresholds of <see cref="TrainingHistory.Diagnose"/>; <see cref="TrainingProblem"/> documents each rule.</summary>
public static class DiagnosisThresholds
{
    /// <summary>Overfitting: relative rise of the smoothed validation loss from its minimum to the last epoch, 0.05.</summary>
    public const double OverfittingRise = 0.05;

    /// <summary>Overfitting is Serious from this relative rise, 0.25.</summary>
    public const double OverfittingSeriousRise = 0.25;

    /// <summary>Overfitting needs at least this many epochs with a finite validation loss, 4.</summary>
    public const int OverfittingMinimumEpochs = 4;

    /// <summary>
    /// Overfitting is only Info when the smoothed validation metric at the last epoch is at most this much (absolute) below
    /// its value at the start, 0.01: the loss rose because the probabilities grew over-confident, not because predictions got worse.
    /// </summary>
    public const double OverfittingMetricDrop = 0.01;

    /// <summary>Overfitting: epochs either side of the start within which a selected (restored) epoch counts as handled, 2.</summary>
    public const int OverfittingStartTolerance = 2;

    /// <summary>Underfitting: the last training loss is at least this fraction of the trivial model's loss, 0.8.</summary>
    public const double UnderfittingBaselineFraction = 0.8;

    /// <summary>Underfitting: the training loss fell by less than this (relative) over the last third of the epochs, 0.01.</summary>
    public const double UnderfittingImprovement = 0.01;

    /// <summary>Vanishing gradients: first hidden layer's gradient norm / output layer's below this, 1e-2.</summary>
    public const double VanishingRatio = 1e-2;

    /// <summary>Vanishing gradients are Serious below this ratio, 1e-4.</summary>
    public const double VanishingSeriousRatio = 1e-4;

    /// <summary>Exploding gradients: a step's gradient norm above this many times the running median, 10.</summary>
    public const double ExplodingFactor = 10;

    /// <summary>Exploding gradients: instrumented steps needed before a step is compared with their median, 5.</summary>
    public const int ExplodingMinimumSteps = 5;

    /// <summary>Dead ReLUs: a layer's fraction of never-active units above this, 0.5.</summary>
    public const double DeadUnitFraction = 0.5;

    /// <summary>Dead ReLUs are Serious above this fraction, 0.9.</summary>
    public const double DeadUnitSeriousFraction = 0.9;

    /// <summary>Loss not decreasing: the best later epoch is less than this (relative) below the first, 0.01.</summary>
    public const double LossNotDecreasingImprovement = 0.01;

    /// <summary>Learning rate too high: the last training loss at least this (relative) above the best epoch's, 0.25.</summary>
    public const double LossRiseFromBest = 0.25;

    /// <summary>
    /// ... and that rise is at least this fraction of the know-nothing loss (the trivial baseline, or ln K when larger),
    /// so that a loss near 0 moving from 0.002 to 0.003 is not called a rise: 0.05.
    /// </summary>
    public const double LossRiseMinimumOfBaseline = 0.05;

    /// <summary>Learning rate too high: a layer's median update-to-weight ratio above this, 0.1 (about 1e-3 is typical).</summary>
    public const double UpdateRatioTooHigh = 0.1;

    /// <summary>Learning rate too low: the median update-to-weight ratio below this, 1e-5.</summary>
    public const double UpdateRatioTooLow = 1e-5;

    /// <summary>Class imbalance: the minority class's recall below this times the majority class's, 0.5.</summary>
    public const double ClassImbalanceRecallRatio = 0.5;

    /// <summary>Class imbalance: the largest class has at least this many times the smallest's training rows, 1.5 (else the data is balanced).</summary>
    public const double ClassImbalanceMinimumRatio = 1.5;

    /// <summary>
    /// Learning rate too high: the last training loss at least this many times that of a model that ignores the features
    /// (the larger of <see cref="TrainingHistory.BaselineLoss"/> and, for K classes, ln K), 1.5.
    /// </summary>
    public const double LossAboveBaseline = 1.5;
}
