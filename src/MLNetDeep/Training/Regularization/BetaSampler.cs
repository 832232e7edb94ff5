using MLNetDeep.Checkpoints;
namespace MLNetDeep.Training.Regularization;

/// <summary>Draws from Beta(α, α) with a <see cref="Checkpoints.ReplayableRandom"/>, as X / (X + Y) for X, Y ~ Gamma(α, 1).</summary>
internal static class BetaSampler
{
    public static double Sample(ReplayableRandom random, double alpha)
    {
        double x = Gamma(random, alpha);
        double y = Gamma(random, alpha);
        return x + y > 0 ? x / (x + y) : 0.5;
    }

    /// <summary>Marsaglia and Tsang (2000); for shape &lt; 1, Gamma(shape + 1) · U^(1/shape).</summary>
    private static double Gamma(ReplayableRandom random, double shape)
    {
        if (shape < 1)
            return Gamma(random, shape + 1) * Math.Pow(1 - random.NextDouble(), 1 / shape);
        double d = shape - (1.0 / 3), c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double z = Normal(random), v = 1 + (c * z);
            if (v <= 0)
                continue;
            v = v * v * v;
            double u = 1 - random.NextDouble();
            if (Math.Log(u) < (0.5 * z * z) + d - (d * v) + (d * Math.Log(v)))
                return d * v;
        }
    }

    /// <summary>Box–Muller.</summary>
    private static double Normal(ReplayableRandom random)
    {
        double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
