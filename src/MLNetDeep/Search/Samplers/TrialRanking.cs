namespace MLNetDeep.Search;

/// <summary>
/// How TPE orders finished trials, best first: completed trials by Loss ascending (a NaN loss counts as +infinity),
/// ties by trial number; then pruned trials, pruned later first (higher PrunedAtEpoch; none counts as 0), then by
/// LastIntermediateLoss ascending, then by number. Trials with neither Loss nor LastIntermediateLoss (failed) are left out.
/// </summary>
internal static class TrialRanking
{
    /// <summary>The usable trials, best first. The result does not depend on the order of <paramref name="finished"/>.</summary>
    /// <param name="finished">The finished trials.</param>
    public static FinishedTrial[] Rank(IReadOnlyList<FinishedTrial> finished)
    {
        ArgumentNullException.ThrowIfNull(finished);
        var completed = finished.Where(t => t.Loss is not null)
            .OrderBy(t => OrNan(t.Loss)).ThenBy(t => t.Number);
        var pruned = finished.Where(t => t.Loss is null && t.LastIntermediateLoss is not null)
            .OrderByDescending(t => t.PrunedAtEpoch ?? 0).ThenBy(t => OrNan(t.LastIntermediateLoss)).ThenBy(t => t.Number);
        return [.. completed, .. pruned];
    }

    /// <summary>How many of the best of <paramref name="count"/> ranked trials form TPE's good set:
    /// min(ceil(0.1 count), 25), at least 1.</summary>
    /// <param name="count">Number of ranked trials.</param>
    public static int GoodCount(int count) => Math.Max(1, Math.Min((int)Math.Ceiling(0.1 * count), 25));

    private static double OrNan(double? value) => value is double v && !double.IsNaN(v) ? v : double.PositiveInfinity;
}
