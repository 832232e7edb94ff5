namespace MLNetDeep.Search;

/// <summary>
/// Proposes every parameter independently and uniformly from its domain (see <see cref="DomainSampling.DrawUniform"/>):
/// log-uniformly on a log scale, whole numbers uniformly over Min..Max, choice indices uniformly. Ignores the finished
/// trials; the proposal for a trial depends only on the seed and the trial number.
/// </summary>
internal sealed class RandomSampler : ISearchSampler
{
    private readonly ParameterDomain[] _domains;
    private readonly int _seed;

    /// <summary>Creates the sampler.</summary>
    /// <param name="domains">The parameters, in the space's order.</param>
    /// <param name="seed">Seed combined with each trial number.</param>
    public RandomSampler(IReadOnlyList<ParameterDomain> domains, int seed)
    {
        DomainSampling.Validate(domains);
        _domains = [.. domains];
        _seed = seed;
    }

    /// <inheritdoc/>
    public int? Capacity => null;

    /// <inheritdoc/>
    public double[] Propose(int number, IReadOnlyList<FinishedTrial> finished)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(number);
        var random = TrialRandom.For(_seed, number);
        var values = new double[_domains.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = DomainSampling.DrawUniform(_domains[i], random);
        }

        return values;
    }
}
