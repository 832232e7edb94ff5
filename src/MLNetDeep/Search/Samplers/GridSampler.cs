namespace MLNetDeep.Search;

/// <summary>
/// Proposes the points of a grid: the Cartesian product of every choice's indices and, for each numeric range,
/// <c>pointsPerRange</c> evenly spaced points including both bounds (evenly spaced on the log scale for a log scale;
/// whole numbers rounded and de-duplicated). The points are visited in an order shuffled once from the seed (as
/// Optuna's GridSampler does), so that a partial budget covers the space evenly: trial <c>number</c> gets the
/// <c>number</c>-th point of that order, whatever trials have finished.
/// </summary>
internal sealed class GridSampler : ISearchSampler
{
    /// <summary>The largest grid accepted.</summary>
    public const int MaxPoints = 1_000_000;

    private readonly double[][] _axes;
    private readonly int[] _order;

    /// <summary>Creates the sampler.</summary>
    /// <param name="domains">The parameters, in the space's order.</param>
    /// <param name="pointsPerRange">Points on each numeric range, both bounds included (at least 2).</param>
    /// <param name="seed">Seed of the visiting order.</param>
    /// <exception cref="ArgumentException">The grid would have more than <see cref="MaxPoints"/> points.</exception>
    public GridSampler(IReadOnlyList<ParameterDomain> domains, int pointsPerRange, int seed)
    {
        DomainSampling.Validate(domains);
        if (pointsPerRange < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(pointsPerRange), pointsPerRange, "A grid needs at least 2 points per range (both bounds).");
        }

        _axes = [.. domains.Select(d => Axis(d, pointsPerRange))];
        long size = 1;
        foreach (var axis in _axes)
        {
            size = Math.Min(size * axis.Length, (long)MaxPoints + 1);
        }

        if (size > MaxPoints)
        {
            string sizes = string.Join(" x ", domains.Select((d, i) => $"{d.Name}: {_axes[i].Length}"));
            throw new ArgumentException(
                $"The grid has more than {MaxPoints:N0} points ({sizes}); use fewer points per range or fewer parameters, or a random or TPE search.",
                nameof(domains));
        }

        _order = [.. Enumerable.Range(0, (int)size)];
        new Random(seed).Shuffle(_order);
    }

    /// <summary>The grid's size.</summary>
    public int? Capacity => _order.Length;

    /// <summary>The values of each parameter on the grid, in increasing order.</summary>
    public IReadOnlyList<IReadOnlyList<double>> Axes => _axes;

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException"><paramref name="number"/> is not below <see cref="Capacity"/>.</exception>
    public double[] Propose(int number, IReadOnlyList<FinishedTrial> finished)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(number);
        if (number >= _order.Length)
        {
            throw new InvalidOperationException($"The grid has {_order.Length} points, so there is no trial {number} (0-based) to propose.");
        }

        // Mixed-radix decoding of the point's index, the last parameter varying fastest.
        int index = _order[number];
        var values = new double[_axes.Length];
        for (int i = _axes.Length - 1; i >= 0; i--)
        {
            values[i] = _axes[i][index % _axes[i].Length];
            index /= _axes[i].Length;
        }

        return values;
    }

    private static double[] Axis(ParameterDomain domain, int points)
    {
        if (domain.Kind == SearchParameterKind.Choice)
        {
            return [.. Enumerable.Range(0, domain.ChoiceCount).Select(i => (double)i)];
        }

        double low = DomainSampling.ToInternal(domain, domain.Min);
        double high = DomainSampling.ToInternal(domain, domain.Max);
        var values = new double[points];
        for (int k = 0; k < points; k++)
        {
            double point = k == points - 1 ? high : low + ((high - low) * k / (points - 1));
            values[k] = k == 0 ? domain.Min : k == points - 1 ? domain.Max : DomainSampling.FromInternal(domain, point);
        }

        return [.. values.Distinct().Order()];
    }
}
