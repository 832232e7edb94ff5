namespace MLNetDeep.Search;

/// <summary>
/// Decides after each epoch whether a running trial is stopped early because its curve is worse than other trials'
/// at the same epoch. Values are per-epoch validation losses, lower is better. Deterministic: the decision depends only
/// on its arguments and the pruner's settings.
/// </summary>
internal interface ITrialPruner
{
    /// <summary>Whether trial <paramref name="number"/> stops after <paramref name="epoch"/>.</summary>
    /// <param name="number">0-based trial number (Hyperband assigns brackets by it).</param>
    /// <param name="epoch">1-based epoch that just ended.</param>
    /// <param name="curve">The trial's per-epoch validation losses so far: <c>curve[i]</c> is epoch i + 1 (NaN for a diverged epoch).</param>
    /// <param name="others">The curves of the trials to compare with (as far as each got), by trial number.</param>
    bool ShouldPrune(int number, int epoch, IReadOnlyList<double> curve, IReadOnlyDictionary<int, IReadOnlyList<double>> others);
}
