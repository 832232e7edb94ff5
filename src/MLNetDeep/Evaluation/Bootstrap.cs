namespace MLNetDeep;

/// <summary>Percentile bootstrap over row indices: resamples rows with replacement and recomputes named metrics.</summary>
internal static class Bootstrap
{
    /// <summary>
    /// The interval of every metric <paramref name="compute"/> returns, over <see cref="BootstrapOptions.BootstrapResamples"/>
    /// resamples of <paramref name="rowCount"/> rows; resamples where a metric is NaN (undefined) are left out of its interval.
    /// </summary>
    public static Dictionary<string, ConfidenceInterval> Intervals(
        int rowCount, Func<int[], IReadOnlyDictionary<string, double>> compute, BootstrapOptions options)
    {
        var samples = new Dictionary<string, List<double>>();
        if (options.BootstrapResamples == 0 || rowCount == 0)
            return [];
        var random = new Random(options.Seed);
        var rows = new int[rowCount];
        for (int resample = 0; resample < options.BootstrapResamples; resample++)
        {
            for (int i = 0; i < rowCount; i++)
                rows[i] = random.Next(rowCount);
            foreach (var (name, value) in compute(rows))
            {
                if (!samples.TryGetValue(name, out var values))
                    samples[name] = values = [];
                if (!double.IsNaN(value))
                    values.Add(value);
            }
        }
        double tail = (1 - options.ConfidenceLevel) / 2;
        return samples.Where(s => s.Value.Count > 0).ToDictionary(
            s => s.Key,
            s =>
            {
                s.Value.Sort();
                return new ConfidenceInterval(Percentile(s.Value, tail), Percentile(s.Value, 1 - tail), options.ConfidenceLevel);
            });
    }

    /// <summary>The q-quantile of sorted values, interpolating linearly between order statistics (position q·(n − 1)).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double q)
    {
        double position = q * (sorted.Count - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }

    /// <summary>The identity sample 0..n−1, for the point estimates.</summary>
    public static int[] AllRows(int rowCount) => Enumerable.Range(0, rowCount).ToArray();
}
