namespace MLNetDeep.Search;

/// <summary>
/// The Tree-structured Parzen Estimator (Bergstra et al. 2011), each parameter independently as Hyperopt does by
/// default. Until <c>startupTrials</c> finished trials are usable (completed or pruned, see <see cref="TrialRanking"/>)
/// it proposes as <see cref="RandomSampler"/> with the same seed. Then it ranks the usable trials, takes the best
/// <see cref="TrialRanking.GoodCount"/> as the good set l(x) and the rest as the bad set g(x), and per parameter draws
/// <c>candidates</c> points from l(x) and keeps the one with the highest log l(x) - log g(x) (ties: the first drawn).
/// Numeric parameters use a <see cref="ParzenEstimator"/> on the internal scale (log for a log scale; whole numbers on
/// [Min - 0.5, Max + 0.5], candidates rounded before they are scored); a choice uses the categorical distribution of
/// (count in the set + 1) per value, normalized. The proposal depends only on (seed, number, finished), and on
/// <c>finished</c> only through its trials, not their order.
/// </summary>
internal sealed class TpeSampler : ISearchSampler
{
    private readonly ParameterDomain[] _domains;
    private readonly int _seed;
    private readonly int _startupTrials;
    private readonly int _candidates;
    private readonly RandomSampler _startup;

    /// <summary>Creates the sampler.</summary>
    /// <param name="domains">The parameters, in the space's order.</param>
    /// <param name="seed">Seed combined with each trial number.</param>
    /// <param name="startupTrials">Usable finished trials needed before TPE replaces random proposals (at least 1).</param>
    /// <param name="candidates">Points drawn from l(x) per parameter and proposal (at least 1).</param>
    public TpeSampler(IReadOnlyList<ParameterDomain> domains, int seed, int startupTrials = 10, int candidates = 24)
    {
        DomainSampling.Validate(domains);
        ArgumentOutOfRangeException.ThrowIfLessThan(startupTrials, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(candidates, 1);
        _domains = [.. domains];
        _seed = seed;
        _startupTrials = startupTrials;
        _candidates = candidates;
        _startup = new RandomSampler(domains, seed);
    }

    /// <inheritdoc/>
    public int? Capacity => null;

    /// <inheritdoc/>
    public double[] Propose(int number, IReadOnlyList<FinishedTrial> finished)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(number);
        ArgumentNullException.ThrowIfNull(finished);
        var byNumber = finished.OrderBy(t => t.Number).ToArray();
        if (byNumber.FirstOrDefault(t => t.Values is null || t.Values.Length != _domains.Length) is { } bad)
        {
            throw new ArgumentException($"Trial {bad.Number} has {bad.Values?.Length ?? 0} values for {_domains.Length} parameters.", nameof(finished));
        }

        var ranked = TrialRanking.Rank(byNumber);
        if (ranked.Length < _startupTrials)
        {
            return _startup.Propose(number, finished);
        }

        int goodCount = TrialRanking.GoodCount(ranked.Length);
        var good = ranked[..goodCount];
        var worse = ranked[goodCount..];
        var random = TrialRandom.For(_seed, number);
        var values = new double[_domains.Length];
        for (int i = 0; i < values.Length; i++)
        {
            int p = i;
            var goodValues = good.Select(t => t.Values[p]).ToArray();
            var badValues = worse.Select(t => t.Values[p]).ToArray();
            values[i] = _domains[i].Kind == SearchParameterKind.Choice
                ? ProposeChoice(_domains[i], goodValues, badValues, random)
                : ProposeNumber(_domains[i], goodValues, badValues, random);
        }

        return values;
    }

    private double ProposeNumber(ParameterDomain domain, double[] good, double[] bad, Random random)
    {
        var (low, high) = DomainSampling.InternalBounds(domain);
        if (high <= low)
        {
            return domain.Min;
        }

        var l = new ParzenEstimator(good.Select(v => DomainSampling.ToInternal(domain, v)), low, high);
        var g = new ParzenEstimator(bad.Select(v => DomainSampling.ToInternal(domain, v)), low, high);
        double best = domain.Min;
        double bestScore = double.NegativeInfinity;
        for (int c = 0; c < _candidates; c++)
        {
            double value = DomainSampling.FromInternal(domain, l.Sample(random));
            double point = DomainSampling.ToInternal(domain, value);
            double score = l.LogDensity(point) - g.LogDensity(point);
            if (c == 0 || score > bestScore)
            {
                best = value;
                bestScore = score;
            }
        }

        return best;
    }

    private double ProposeChoice(ParameterDomain domain, double[] good, double[] bad, Random random)
    {
        double[] l = ChoiceWeights(domain.ChoiceCount, good);
        double[] g = ChoiceWeights(domain.ChoiceCount, bad);
        int best = 0;
        double bestScore = double.NegativeInfinity;
        for (int c = 0; c < _candidates; c++)
        {
            int index = Draw(l, random);
            double score = Math.Log(l[index]) - Math.Log(g[index]);
            if (c == 0 || score > bestScore)
            {
                best = index;
                bestScore = score;
            }
        }

        return best;
    }

    /// <summary>(count + 1) per value, normalized.</summary>
    private static double[] ChoiceWeights(int count, double[] observed)
    {
        var weights = Enumerable.Repeat(1.0, count).ToArray();
        foreach (double v in observed)
        {
            weights[Math.Clamp((int)Math.Round(v), 0, count - 1)] += 1;
        }

        double total = weights.Sum();
        return [.. weights.Select(w => w / total)];
    }

    private static int Draw(double[] probabilities, Random random)
    {
        double u = random.NextDouble();
        for (int i = 0; i < probabilities.Length - 1; i++)
        {
            u -= probabilities[i];
            if (u < 0)
            {
                return i;
            }
        }

        return probabilities.Length - 1;
    }
}
