using static MLNetDeep.Diagnostics.SetupChecks;

namespace MLNetDeep.Diagnostics;

/// <summary>
/// Check 4a: with <see cref="DeepMlpOptionsBase.StandardizeFeatures"/> off the network sees the features as they come,
/// so each non-constant training feature should be roughly standardized: the check warns about features with
/// |mean| &gt; <see cref="MaxAbsMean"/> or a standard deviation outside [1/<see cref="MaxScaleRatio"/>,
/// <see cref="MaxScaleRatio"/>]. With it on (the default) the figures are reported and the check passes.
/// </summary>
internal static class FeatureScaleCheck
{
    public const double MaxAbsMean = 1;

    public const double MaxScaleRatio = 3;

    public static SetupFinding Run(SetupContext context)
    {
        var stats = FeatureStatistics.Of(context.Data.Training);
        var varying = Enumerable.Range(0, context.Data.FeatureCount).Where(i => !stats.IsConstant(i)).ToList();
        double maxAbsMean = varying.Count == 0 ? 0 : varying.Max(i => Math.Abs(stats.Mean[i]));
        double minStd = varying.Count == 0 ? 0 : varying.Min(i => stats.StandardDeviation[i]);
        double maxStd = varying.Count == 0 ? 0 : varying.Max(i => stats.StandardDeviation[i]);
        var far = varying.Where(i => Math.Abs(stats.Mean[i]) > MaxAbsMean
            || stats.StandardDeviation[i] > MaxScaleRatio || stats.StandardDeviation[i] < 1 / MaxScaleRatio).ToList();
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
