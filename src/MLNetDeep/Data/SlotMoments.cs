namespace MLNetDeep.Data;

/// <summary>
/// Running (Welford) mean, second and third central moments of each feature slot over its present values, and how
/// many values were missing (NaN) in each slot. Feeds the standardization and <see cref="MissingValueImputation"/>
/// (the skewness decides between mean and median).
/// </summary>
internal sealed class SlotMoments(int slotCount)
{
    private readonly long[] _present = new long[slotCount];
    private readonly long[] _missing = new long[slotCount];
    private readonly double[] _mean = new double[slotCount];
    private readonly double[] _m2 = new double[slotCount];
    private readonly double[] _m3 = new double[slotCount];

    public int SlotCount => slotCount;

    /// <summary>Missing values per slot.</summary>
    public IReadOnlyList<long> Missing => _missing;

    /// <summary>Present values per slot.</summary>
    public IReadOnlyList<long> Present => _present;

    public void Add(ReadOnlySpan<float> row)
    {
        for (int i = 0; i < row.Length; i++)
        {
            float x = row[i];
            if (float.IsNaN(x))
            {
                _missing[i]++;
                continue;
            }
            long n = ++_present[i];
            double delta = x - _mean[i];
            double deltaN = delta / n;
            _m3[i] += delta * deltaN * (n - 1) * deltaN * (n - 2) - 3 * deltaN * _m2[i];
            _mean[i] += deltaN;
            _m2[i] += delta * (x - _mean[i]);
        }
    }

    /// <summary>The mean of slot <paramref name="i"/>'s present values (0 when none).</summary>
    public double Mean(int i) => _mean[i];

    /// <summary>The sample standard deviation of slot <paramref name="i"/>'s present values (0 with fewer than two).</summary>
    public double StandardDeviation(int i) => _present[i] > 1 ? Math.Sqrt(_m2[i] / (_present[i] - 1)) : 0;

    /// <summary>The sample skewness g₁ = √n·M₃ / M₂^1.5 of slot <paramref name="i"/>'s present values (0 for a constant).</summary>
    public double Skewness(int i) => _m2[i] > 0 ? Math.Sqrt(_present[i]) * _m3[i] / Math.Pow(_m2[i], 1.5) : 0;

    /// <summary>The standardization of the present values: per-slot mean and standard deviation (1 for a constant).</summary>
    public FeatureScaling ToScaling()
    {
        var mean = new float[slotCount];
        var scale = new float[slotCount];
        for (int i = 0; i < slotCount; i++)
        {
            mean[i] = (float)_mean[i];
            scale[i] = FeatureScaling.ScaleOf(StandardDeviation(i));
        }
        return new FeatureScaling(mean, scale);
    }
}
