namespace MLNetDeep.Diagnostics;

/// <summary>Per-feature mean, sample standard deviation, minimum and maximum of a row set (unweighted).</summary>
internal sealed record FeatureStatistics(double[] Mean, double[] StandardDeviation, double[] Min, double[] Max)
{
    /// <summary>Whether feature <paramref name="i"/> has one value in every row.</summary>
    public bool IsConstant(int i) => Min[i] == Max[i];

    public static FeatureStatistics Of(RowSet rows)
    {
        int f = rows.FeatureCount;
        var mean = new double[f];
        var m2 = new double[f];
        var min = Enumerable.Repeat(double.PositiveInfinity, f).ToArray();
        var max = Enumerable.Repeat(double.NegativeInfinity, f).ToArray();
        for (int r = 0; r < rows.Count; r++)
        {
            var row = rows.Row(r);
            for (int i = 0; i < f; i++)
            {
                double v = row[i], d = v - mean[i];
                mean[i] += d / (r + 1);
                m2[i] += d * (v - mean[i]);
                min[i] = Math.Min(min[i], v);
                max[i] = Math.Max(max[i], v);
            }
        }
        var std = m2.Select(s => rows.Count > 1 ? Math.Sqrt(s / (rows.Count - 1)) : 0).ToArray();
        return new FeatureStatistics(mean, std, min, max);
    }
}
