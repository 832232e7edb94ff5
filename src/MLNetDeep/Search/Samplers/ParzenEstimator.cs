namespace MLNetDeep.Search;

/// <summary>
/// The density TPE fits to one set of observations of a numeric parameter, on the internal scale: an equally weighted
/// mixture of Gaussians truncated to [low, high], one centred on each observation and one prior component centred at
/// the middle of the range with sigma = the range width. An observation's sigma is the larger of the gaps to its
/// neighbours among the sorted observations and the prior centre (the outermost points have one neighbour; the range
/// bounds are not neighbours, as Optuna's default consider_endpoints = false), clipped to
/// [range / min(100, 1 + number of components), range] (Optuna's "magic clip"; the components include the prior).
/// </summary>
internal sealed class ParzenEstimator
{
    private const int MaxRejections = 200;
    private static readonly double LogSqrtTwoPi = 0.5 * Math.Log(2 * Math.PI);

    private readonly double _low;
    private readonly double _high;
    private readonly double[] _centres;
    private readonly double[] _sigmas;
    private readonly double[] _logNormalizers;

    /// <summary>Fits the mixture.</summary>
    /// <param name="observations">Observed points on the internal scale (clamped to the bounds; NaN left out).</param>
    /// <param name="low">Lower bound on the internal scale.</param>
    /// <param name="high">Upper bound on the internal scale, above <paramref name="low"/>.</param>
    public ParzenEstimator(IEnumerable<double> observations, double low, double high)
    {
        _low = low;
        _high = high;
        double range = high - low;
        var points = observations.Where(x => !double.IsNaN(x)).Select(x => Math.Clamp(x, low, high)).ToArray();
        double prior = low + (0.5 * range);
        double minSigma = range / Math.Min(100, 2 + points.Length);
        var neighbours = points.Append(prior).Order().ToArray();
        _centres = new double[points.Length + 1];
        _sigmas = new double[points.Length + 1];
        for (int i = 0; i < points.Length; i++)
        {
            _centres[i] = points[i];
            _sigmas[i] = Math.Clamp(NeighbourGap(neighbours, points[i]), minSigma, range);
        }

        _centres[^1] = prior;
        _sigmas[^1] = range;
        _logNormalizers = new double[_centres.Length];
        for (int i = 0; i < _centres.Length; i++)
        {
            double mass = NormalCdf((high - _centres[i]) / _sigmas[i]) - NormalCdf((low - _centres[i]) / _sigmas[i]);
            _logNormalizers[i] = Math.Log(Math.Max(mass, 1e-300));
        }
    }

    /// <summary>Draws a point: a component chosen uniformly, then its Gaussian by rejection until inside the bounds
    /// (each centre lies within the bounds and sigma is at most the range, so at least a third of the draws land
    /// inside; after many rejections the last draw is clamped).</summary>
    /// <param name="random">The random source.</param>
    public double Sample(Random random)
    {
        int component = random.Next(_centres.Length);
        double x = 0;
        for (int attempt = 0; attempt < MaxRejections; attempt++)
        {
            x = _centres[component] + (_sigmas[component] * StandardNormal(random));
            if (x >= _low && x <= _high)
            {
                return x;
            }
        }

        return Math.Clamp(x, _low, _high);
    }

    /// <summary>The logarithm of the mixture's density at <paramref name="x"/> (a point within the bounds).</summary>
    /// <param name="x">A point on the internal scale.</param>
    public double LogDensity(double x)
    {
        var terms = new double[_centres.Length];
        double max = double.NegativeInfinity;
        for (int i = 0; i < terms.Length; i++)
        {
            double z = (x - _centres[i]) / _sigmas[i];
            terms[i] = (-0.5 * z * z) - Math.Log(_sigmas[i]) - LogSqrtTwoPi - _logNormalizers[i];
            max = Math.Max(max, terms[i]);
        }

        double sum = terms.Sum(t => Math.Exp(t - max));
        return max + Math.Log(sum / terms.Length);
    }

    /// <summary>The larger of the gaps from <paramref name="x"/> to its neighbours in <paramref name="sorted"/> (which
    /// holds it); the outermost points have one neighbour, and their gap to it counts.</summary>
    private static double NeighbourGap(double[] sorted, double x)
    {
        int i = Array.BinarySearch(sorted, x);
        double left = i > 0 ? x - sorted[i - 1] : 0;
        double right = i < sorted.Length - 1 ? sorted[i + 1] - x : 0;
        return Math.Max(left, right);
    }

    /// <summary>A standard normal draw (Box-Muller).</summary>
    private static double StandardNormal(Random random)
    {
        double u = 1.0 - random.NextDouble();
        double v = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v);
    }

    /// <summary>The standard normal distribution function, through the complementary error function.</summary>
    private static double NormalCdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2.0));

    /// <summary>The complementary error function, by the Chebyshev-fitted approximation in Numerical Recipes
    /// (fractional error below 1.2e-7 everywhere).</summary>
    private static double Erfc(double x)
    {
        double z = Math.Abs(x);
        double t = 1.0 / (1.0 + (0.5 * z));
        double poly = -1.26551223 + (t * (1.00002368 + (t * (0.37409196 + (t * (0.09678418 + (t * (-0.18628806
            + (t * (0.27886807 + (t * (-1.13520398 + (t * (1.48851587 + (t * (-0.82215223 + (t * 0.17087277)))))))))))))))));
        double result = t * Math.Exp((-z * z) + poly);
        return x >= 0 ? result : 2.0 - result;
    }
}
