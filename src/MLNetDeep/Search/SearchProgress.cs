namespace MLNetDeep;

/// <summary>Where a running search stands, reported through <see cref="SearchOptions.Progress"/>.</summary>
/// <param name="Trial">0-based number of the trial reporting (as <see cref="SearchTrial.Number"/>; show Trial + 1 of MaxTrials).</param>
/// <param name="MaxTrials">The trial budget (or the grid's size), or null without one.</param>
/// <param name="Epoch">The trial's epoch that just ended; at a trial's end (<paramref name="TrialEnded"/> set), the epochs it ran.</param>
/// <param name="NumberOfEpochs">The trial's epoch limit (early stopping or pruning may end it sooner).</param>
/// <param name="ValidationLoss">The trial's validation loss of that epoch; null at a trial's end.</param>
/// <param name="TrialEnded">The trial's state when it has ended; null during the trial.</param>
/// <param name="TrialsFinished">Trials finished so far.</param>
/// <param name="BestObjective">The best objective so far, or null before the first trial is scored.</param>
/// <param name="BestTrial">The best trial's 0-based number, or null.</param>
/// <param name="Elapsed">Time since the search started.</param>
/// <param name="EstimatedTimeRemaining">The sooner of the time left by the time budget and the mean trial time times the trials left (over the parallel trials); null until measurable.</param>
public sealed record SearchProgress(
    int Trial,
    int? MaxTrials,
    int Epoch,
    int NumberOfEpochs,
    double? ValidationLoss,
    SearchTrialState? TrialEnded,
    int TrialsFinished,
    double? BestObjective,
    int? BestTrial,
    TimeSpan Elapsed,
    TimeSpan? EstimatedTimeRemaining);
