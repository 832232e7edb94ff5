namespace MLNetDeep.Search;

/// <summary>
/// Hyperband (Li et al. 2017) as Optuna's HyperbandPruner: brackets b = 0..sMax with
/// sMax = floor(log_reductionFactor(maxEpochs / minEpochs)); bracket b is a <see cref="SuccessiveHalvingPruner"/> with
/// minEarlyStoppingRate = b (its first rung at minEpochs * reductionFactor^b). A trial is compared only with the
/// others in its bracket. Each trial number goes to one bracket, drawn by <see cref="TrialRandom"/> from (seed, number) with probability
/// proportional to the bracket's budget, Optuna's ceil((sMax + 1) * reductionFactor^s / (s + 1)) with s = sMax - b:
/// the most aggressive bracket (b = 0, Hyperband's s = sMax) gets the most trials.
/// </summary>
internal sealed class HyperbandPruner : ITrialPruner
{
    /// <summary>Mixed into the seed so that a sampler and a pruner given the same seed draw unrelated numbers.</summary>
    private const int BracketSalt = 0x2545F491;

    private readonly SuccessiveHalvingPruner[] _brackets;
    private readonly long[] _cumulativeBudgets;
    private readonly int _seed;

    /// <summary>Creates the pruner.</summary>
    /// <param name="minEpochs">Epochs of the first rung of the most aggressive bracket (at least 1).</param>
    /// <param name="maxEpochs">Epochs of a full trial (at least minEpochs).</param>
    /// <param name="reductionFactor">The share kept at each rung is 1 / this (at least 2).</param>
    /// <param name="seed">Seed of the bracket assignment.</param>
    public HyperbandPruner(int minEpochs, int maxEpochs, int reductionFactor, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minEpochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEpochs, minEpochs);
        ArgumentOutOfRangeException.ThrowIfLessThan(reductionFactor, 2);
        int sMax = 0;
        for (long top = (long)minEpochs * reductionFactor; top <= maxEpochs; top *= reductionFactor)
        {
            sMax++;
        }

        _brackets = new SuccessiveHalvingPruner[sMax + 1];
        _cumulativeBudgets = new long[sMax + 1];
        long total = 0;
        for (int b = 0; b <= sMax; b++)
        {
            _brackets[b] = new SuccessiveHalvingPruner(minEpochs, reductionFactor, b);
            int s = sMax - b;
            total += (long)Math.Ceiling((sMax + 1) * Math.Pow(reductionFactor, s) / (s + 1));
            _cumulativeBudgets[b] = total;
        }

        _seed = seed;
    }

    /// <summary>Number of brackets (sMax + 1).</summary>
    public int BracketCount => _brackets.Length;

    /// <summary>The bracket of trial <paramref name="number"/> (0 = the most aggressive), from the seed and the number only.</summary>
    /// <param name="number">0-based trial number.</param>
    public int BracketOf(int number)
    {
        var random = TrialRandom.For(_seed ^ BracketSalt, number);
        long ticket = random.NextInt64(_cumulativeBudgets[^1]);
        int bracket = 0;
        while (ticket >= _cumulativeBudgets[bracket])
        {
            bracket++;
        }

        return bracket;
    }

    /// <inheritdoc/>
    public bool ShouldPrune(int number, int epoch, IReadOnlyList<double> curve, IReadOnlyDictionary<int, IReadOnlyList<double>> others)
    {
        ArgumentNullException.ThrowIfNull(others);
        int bracket = BracketOf(number);
        var sameBracket = others.Where(o => BracketOf(o.Key) == bracket).ToDictionary(o => o.Key, o => o.Value);
        return _brackets[bracket].ShouldPrune(number, epoch, curve, sameBracket);
    }
}
