namespace MLNetDeep;

/// <summary>Where a running search stands, reported through <see cref="SearchOptions.Progress"/>.</summary>
/// <param name="Trial">1-based number of the trial reporting.</param>
/// <param name="MaxTrials">The trial budget (or the grid's size), or null without one.</param>
/// <param name="Epoch">The trial's epoch that just ended; 0 for a trial's end.</param>
/// <param name="NumberOfEpochs">The trial's epoch limit.</param>
/// <param name="ValidationLoss">The trial's validation loss of that epoch; null at a trial's end.</param>
/// <param name="TrialEnded">The trial's state when it has ended; null during the trial.</param>
/// <param name="TrialsFinished">Trials finished so far.</param>
/// <param name="BestObjective">The best objective so far, or null before the first trial is scored.</param>
/// <param name="BestTrial">The best trial's 0-based number, or null.</param>
/// <param name="Elapsed">Time since the search started.</param>
/// <param name="EstimatedTimeRemaining">Time left by the time budget, or by the mean trial time and the trial budget; null until measurable.</param>
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
