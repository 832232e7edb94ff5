namespace MLNetDeep.Search;

/// <summary>
/// A trial as the samplers see it once it has ended.
/// </summary>
/// <param name="Number">0-based trial number.</param>
/// <param name="Values">One value per parameter, in the space's order, encoded as <see cref="ParameterDomain"/> says.</param>
/// <param name="Loss">
/// The trial's final objective, turned so that lower is better (a metric to maximize is negated); null when the trial
/// was pruned or failed.
/// </param>
/// <param name="PrunedAtEpoch">The epoch after which the trial was pruned; null when it ran to its end.</param>
/// <param name="BestIntermediateLoss">
/// The best (lowest) value of the trial's pruning curve (the per-epoch validation loss, or the negated validation metric
/// with <see cref="SearchOptions.PruningMonitor"/>), or null without one (a failed trial): samplers rank
/// pruned trials below every completed trial, among themselves deeper-pruned first and then by this value.
/// </param>
internal sealed record FinishedTrial(int Number, double[] Values, double? Loss, int? PrunedAtEpoch, double? BestIntermediateLoss);
