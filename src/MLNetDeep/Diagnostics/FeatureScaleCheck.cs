using static MLNetDeep.Diagnostics.SetupChecks;

namespace MLNetDeep.Diagnostics;

/// <summary>
/// Check 4a: with <see cref="DeepMlpOptionsBase.StandardizeFeatures"/> off the network sees the features as they come,
/// so each non-constant training feature should be roughly standardized: the check warns about features with
/// |mean| &gt; <see cref="MaxAbsMean"/> or a standard deviation outside [1/<see cref="MaxScaleRatio"/>,
/// <see cref="MaxScaleRatio"/>]. With it on (the default) the figures are reported and the check passes. The warning
/// names the three features farthest from standardized first (see <see cref="Distance"/>), then counts the rest.
/// </summary>
internal static class FeatureScaleCheck
{
    /// <summary>The largest |mean| of a feature the check accepts as standardized.</summary>
    public const double MaxAbsMean = 1;

    /// <summary>The check accepts standard deviations in [1 / MaxScaleRatio, MaxScaleRatio].</summary>
    public const double MaxScaleRatio = 3;

    /// <summary>
    /// How far a feature with this mean and standard deviation is from standardized, in multiples of the check's limits:
    /// the larger of |mean| / <see cref="MaxAbsMean"/> and |ln sd| / ln <see cref="MaxScaleRatio"/> (above 1 means
    /// the check flags it; 0 for mean 0 and sd 1).
    /// </summary>
    public static double Distance(double mean, double standardDeviation) =>
        Math.Max(Math.Abs(mean) / MaxAbsMean, Math.Abs(Math.Log(standardDeviation)) / Math.Log(MaxScaleRatio));

    /// <summary>Runs the check on the training rows of <paramref name="context"/>.</summary>
    public static SetupFinding Run(SetupContext context)
    {
        var stats = FeatureStatistics.Of(context.Data.Training);
        var varying = Enumerable.Range(0, context.Data.FeatureCount).Where(i => !stats.IsConstant(i) && !context.Data.IsKeySlot(i)).ToList();
        double maxAbsMean = varying.Count == 0 ? 0 : varying.Max(i => Math.Abs(stats.Mean[i]));
        double minStd = varying.Count == 0 ? 0 : varying.Min(i => stats.StandardDeviation[i]);
        double maxStd = varying.Count == 0 ? 0 : varying.Max(i => stats.StandardDeviation[i]);
        var far = varying.Where(i => Math.Abs(stats.Mean[i]) > MaxAbsMean
            || stats.StandardDeviation[i] > MaxScaleRatio || stats.StandardDeviation[i] < 1 / MaxScaleRatio)
            .OrderByDescending(i => Distance(stats.Mean[i], stats.StandardDeviation[i])).ToList();
        var figures = new Dictionary<string, double>
        {
            ["max |mean|"] = maxAbsMean,
            ["min standard deviation"] = minStd,
            ["max standard deviation"] = maxStd,
            ["features far from standardized"] = far.Count,
        };
        string range = $"training features: max |mean| {F(maxAbsMean)}, standard deviations {F(minStd)} to {F(maxStd)}";
        if (context.Options.StandardizeFeatures)
            return new SetupFinding(SetupCheckNames.FeatureScale, SetupStatus.Pass, range + "; standardized inside the network (StandardizeFeatures = true)", figures);
        if (far.Count == 0)
            return new SetupFinding(SetupCheckNames.FeatureScale, SetupStatus.Pass, range + " (StandardizeFeatures = false)", figures);
        string names = List(far.Select(i => $"{context.Data.FeatureNames[i]} (mean {F(stats.Mean[i], "G3")}, sd {F(stats.StandardDeviation[i], "G3")})"), 3);
        return new SetupFinding(SetupCheckNames.FeatureScale, SetupStatus.Warn,
            $"{far.Count} of {context.Data.FeatureCount} features far from mean 0 and sd 1 with StandardizeFeatures = false: {names}", figures,
            "Set StandardizeFeatures = true (the standardization is folded into the saved model), or standardize in the pipeline: NormalizeMeanVariance(..., fixZero: false).");
    }
}
