using static MLNetDeep.Diagnostics.SetupChecks;
using T = MLNetDeep.DiagnosisThresholds;

namespace MLNetDeep.Doctor;

/// <summary>Class imbalance from the final model's recall per class (<see cref="TrainingHistory.Classes"/>).</summary>
internal static class ClassImbalanceRule
{
    public static TrainingFinding? Check(TrainingHistory history)
    {
        var classes = history.Classes.Where(c => c.TrainingWeight > 0 && double.IsFinite(c.Recall)).ToList();
        if (classes.Count < 2)
            return null;
        var minority = classes.MinBy(c => c.TrainingWeight)!;
        var majority = classes.MaxBy(c => c.TrainingWeight)!;
        if (majority.TrainingWeight < T.ClassImbalanceMinimumRatio * minority.TrainingWeight || !(minority.Recall < T.ClassImbalanceRecallRatio * majority.Recall))
            return null;
        double share = minority.TrainingWeight / history.Classes.Sum(c => c.TrainingWeight);
        return new(TrainingProblem.ClassImbalance, minority.Recall == 0 ? FindingSeverity.Serious : FindingSeverity.Warning,
            $"recall on the minority class {minority.Class} ({F(share * 100, "F1")}% of the training rows) is {F(minority.Recall, "F3")}, "
            + $"against {F(majority.Recall, "F3")} on the majority class {majority.Class} (threshold {F(T.ClassImbalanceRecallRatio)}x; {minority.EvaluatedOn} rows)",
            new Dictionary<string, double>
            {
                ["minority class"] = minority.Class,
                ["minority share"] = share,
                ["minority recall"] = minority.Recall,
                ["majority class"] = majority.Class,
                ["majority recall"] = majority.Recall,
            },
        [
            "ClassWeighting = ClassWeighting.Balanced",
            "WeightedSampling = true (with ClassWeighting = ClassWeighting.Balanced)",
        ]);
    }
}
