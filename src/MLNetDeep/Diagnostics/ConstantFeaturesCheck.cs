using static MLNetDeep.Diagnostics.SetupChecks;

namespace MLNetDeep.Diagnostics;

/// <summary>Check 4b: features with one value in every training row carry no information; the check warns when there are any.</summary>
internal static class ConstantFeaturesCheck
{
    public static SetupFinding Run(SetupContext context)
    {
        var stats = FeatureStatistics.Of(context.Data.Training);
        var constant = Enumerable.Range(0, context.Data.FeatureCount).Where(stats.IsConstant).ToList();
        var figures = new Dictionary<string, double> { ["constant features"] = constant.Count };
        if (constant.Count == 0)
            return new SetupFinding(SetupCheckNames.ConstantFeatures, SetupStatus.Pass, $"none of the {context.Data.FeatureCount} features is constant in the training rows", figures);
        string names = List(constant.Select(i => $"{context.Data.FeatureNames[i]} = {F(stats.Min[i])}"));
        return new SetupFinding(SetupCheckNames.ConstantFeatures, SetupStatus.Warn,
            $"{constant.Count} of {context.Data.FeatureCount} features have one value in every training row: {names}", figures,
            "Leave them out of the Features column (Concatenate only the others, or mlContext.Transforms.FeatureSelection.DropSlots); "
            + "if they should vary, check the loading and the preprocessing.");
    }
}
