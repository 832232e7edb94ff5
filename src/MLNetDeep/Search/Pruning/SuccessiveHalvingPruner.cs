namespace MLNetDeep.Search;

/// <summary>
/// Asynchronous successive halving (Li et al. 2018), with the semantics of Optuna's SuccessiveHalvingPruner. Rung k
/// (k = 0, 1, …) sits at epoch <c>minEpochs * reductionFactor^(minEarlyStoppingRate + k)</c>. A trial's value at rung
/// epoch e is the lowest of its first e losses (NaN ignored; +infinity when all are NaN). When <c>epoch</c> is a rung
/// epoch, the values at that rung of this trial and of every other trial whose curve reached it are sorted; with
/// count values, let k = count / reductionFactor - 1 (integer division), at least 0; the trial is pruned when its
/// value is greater than the k-th smallest (0-based), i.e. when it is not in the top 1/reductionFactor (or, for the
/// first trials at a rung, not the best so far). Other epochs never prune, and a trial alone at its rung continues.
/// </summary>
internal sealed class SuccessiveHalvingPruner : ITrialPruner
{
    private readonly int _minEpochs;
    private readonly int _reductionFactor;
    private readonly int _minEarlyStoppingRate;

    /// <summary>Creates the pruner.</summary>
    /// <param name="minEpochs">Epochs before the first possible rung (at least 1).</param>
    /// <param name="reductionFactor">The share kept at each rung is 1 / this (at least 2).</param>
    /// <param name="minEarlyStoppingRate">Rungs skipped: the first rung is at minEpochs * reductionFactor^this (at least 0).</param>
    public SuccessiveHalvingPruner(int minEpochs, int reductionFactor, int minEarlyStoppingRate = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minEpochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(reductionFactor, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(minEarlyStoppingRate);
        _minEpochs = minEpochs;
        _reductionFactor = reductionFactor;
        _minEarlyStoppingRate = minEarlyStoppingRate;
    }

    /// <summary>Whether <paramref name="epoch"/> is a rung epoch of this pruner.</summary>
    /// <param name="epoch">1-based epoch.</param>
    public bool IsRung(int epoch)
    {
        long rung = _minEpochs;
        for (int i = 0; i < _minEarlyStoppingRate && rung <= epoch; i++)
        {
            rung *= _reductionFactor;
        }

        while (rung < epoch)
        {
            rung *= _reductionFactor;
        }

        return rung == epoch;
    }

    /// <inheritdoc/>
    public bool ShouldPrune(int number, int epoch, IReadOnlyList<double> curve, IReadOnlyDictionary<int, IReadOnlyList<double>> others)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epoch, 1);
        ArgumentNullException.ThrowIfNull(curve);
        ArgumentNullException.ThrowIfNull(others);
        if (curve.Count < epoch)
        {
            throw new ArgumentException($"The curve has {curve.Count} values, fewer than epoch {epoch}.", nameof(curve));
        }

        if (!IsRung(epoch))
        {
            return false;
        }

        var values = others.Where(o => o.Key != number && o.Value is not null && o.Value.Count >= epoch)
            .Select(o => RungValue(o.Value, epoch)).ToList();
        if (values.Count == 0)
        {
            return false;
        }

        double own = RungValue(curve, epoch);
        values.Add(own);
        values.Sort();
        int k = Math.Max(values.Count / _reductionFactor - 1, 0);
        return own > values[k];
    }

    /// <summary>The lowest of the first <paramref name="epoch"/> losses, NaN ignored; +infinity when all are NaN.</summary>
    /// <param name="curve">Per-epoch losses, at least <paramref name="epoch"/> of them.</param>
    /// <param name="epoch">1-based epoch.</param>
    public static double RungValue(IReadOnlyList<double> curve, int epoch)
    {
        double best = double.PositiveInfinity;
        for (int i = 0; i < epoch; i++)
        {
            if (curve[i] < best)
            {
                best = curve[i];
            }
        }

        return best;
    }
}
