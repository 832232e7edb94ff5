namespace MLNetDeep.Search;

/// <summary>
/// Rules shared by the samplers: checking the domains and drawing a value
/// uniformly (log-uniformly on a log scale) from one domain.
/// </summary>
internal static class DomainSampling
{
    /// <summary>Checks that every domain is usable: finite bounds in order, positive on a log scale, whole bounds for
    /// whole numbers and choices (a choice starts at 0).</summary>
    /// <param name="domains">The domains to check.</param>
    /// <exception cref="ArgumentException">A domain is not usable; the message names it.</exception>
    public static void Validate(IReadOnlyList<ParameterDomain> domains)
    {
        ArgumentNullException.ThrowIfNull(domains);
        if (domains.Count == 0)
        {
            throw new ArgumentException("The search space has no parameters.", nameof(domains));
        }

        foreach (var d in domains)
        {
            if (d is null || !double.IsFinite(d.Min) || !double.IsFinite(d.Max) || d.Min > d.Max)
            {
                throw new ArgumentException($"Parameter '{d?.Name}' needs finite bounds with Min <= Max (got {d?.Min} and {d?.Max}).", nameof(domains));
            }

            bool whole = d.Kind is SearchParameterKind.WholeNumber or SearchParameterKind.Choice;
            if (whole && (d.Min != Math.Floor(d.Min) || d.Max != Math.Floor(d.Max)))
            {
                throw new ArgumentException($"Parameter '{d.Name}' is {d.Kind}, so its bounds must be whole numbers (got {d.Min} and {d.Max}).", nameof(domains));
            }

            if (d.Kind == SearchParameterKind.Choice && d.Min != 0)
            {
                throw new ArgumentException($"Choice parameter '{d.Name}' must have Min = 0 (got {d.Min}).", nameof(domains));
            }

            if (d.IsLog && d.Min < (d.Kind == SearchParameterKind.WholeNumber ? 1 : double.Epsilon))
            {
                throw new ArgumentException($"Parameter '{d.Name}' is on a log scale, so Min must be positive (at least 1 for a whole number); got {d.Min}.", nameof(domains));
            }
        }
    }

    /// <summary>
    /// A value drawn uniformly from the domain: a real uniformly (log-uniformly on a log scale); a whole number uniformly
    /// over Min..Max, or on a log scale log-uniformly over [Min - 0.5, Max + 0.5] and rounded, so that every value has
    /// the share of the log range nearest to it; a choice index uniformly. Always within the bounds.
    /// </summary>
    /// <param name="domain">The parameter's domain.</param>
    /// <param name="random">The random source.</param>
    public static double DrawUniform(ParameterDomain domain, Random random)
    {
        switch (domain.Kind)
        {
            case SearchParameterKind.Choice:
                return random.Next(domain.ChoiceCount);
            case SearchParameterKind.WholeNumber when !domain.IsLog:
                return domain.Min + random.NextInt64((long)(domain.Max - domain.Min) + 1);
            default:
                var (low, high) = InternalBounds(domain);
                return FromInternal(domain, low + (random.NextDouble() * (high - low)));
        }
    }

    /// <summary>
    /// The bounds of a numeric domain on the scale the samplers work on: the logarithm for <see cref="ParameterDomain.IsLog"/>,
    /// and widened by half a unit each side for whole numbers (so that rounding gives every value its share).
    /// </summary>
    /// <param name="domain">A numeric domain.</param>
    public static (double Low, double High) InternalBounds(ParameterDomain domain)
    {
        double half = domain.Kind == SearchParameterKind.WholeNumber ? 0.5 : 0;
        return domain.IsLog
            ? (Math.Log(domain.Min - half), Math.Log(domain.Max + half))
            : (domain.Min - half, domain.Max + half);
    }

    /// <summary>A value of the domain on the internal scale (its logarithm on a log scale).</summary>
    /// <param name="domain">A numeric domain.</param>
    /// <param name="value">A value within the domain.</param>
    public static double ToInternal(ParameterDomain domain, double value) => domain.IsLog ? Math.Log(value) : value;

    /// <summary>The domain's value for a point on the internal scale: back from the log scale, rounded for whole numbers,
    /// and clamped to [Min, Max].</summary>
    /// <param name="domain">A numeric domain.</param>
    /// <param name="point">A point on the internal scale.</param>
    public static double FromInternal(ParameterDomain domain, double point)
    {
        double value = domain.IsLog ? Math.Exp(point) : point;
        if (domain.Kind == SearchParameterKind.WholeNumber)
        {
            value = Math.Round(value, MidpointRounding.AwayFromZero);
        }

        return Math.Clamp(value, domain.Min, domain.Max);
    }
}
