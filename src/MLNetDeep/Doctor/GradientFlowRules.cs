using static MLNetDeep.Diagnostics.SetupChecks;
using T = MLNetDeep.DiagnosisThresholds;

namespace MLNetDeep.Doctor;

/// <summary>The rules that read <see cref="TrainingHistory.LayerStatistics"/>: vanishing and exploding gradients, dead ReLUs.</summary>
internal static class GradientFlowRules
{
    private const string Needs = "needs gradient statistics (GradientStatisticsEveryNSteps = 0 recorded none).";
    private const string TurnOn = "GradientStatisticsEveryNSteps = 10 to record them";

    public static TrainingFinding? VanishingGradients(TrainingHistory history)
    {
        var steps = Steps(history);
        if (steps.Count == 0)
            return TrainingFinding.NotChecked(TrainingProblem.VanishingGradients, Needs, TurnOn);
        var ratios = steps.Where(s => s.Count > 1 && s[0].Layer != "output")
            .Select(s => s[0].GradientNorm / s[^1].GradientNorm).Where(double.IsFinite).ToList();
        if (ratios.Count == 0)
            return null;
        double ratio = Median(ratios);
        if (!(ratio < T.VanishingRatio))
            return null;
        return new(TrainingProblem.VanishingGradients, ratio < T.VanishingSeriousRatio ? FindingSeverity.Serious : FindingSeverity.Warning,
            $"the first hidden layer's gradient norm is {F(ratio, "E2")} times the output layer's (median of {ratios.Count} steps; threshold {F(T.VanishingRatio)})",
            new Dictionary<string, double> { ["first/last gradient norm ratio"] = ratio, ["layers"] = steps[0].Count, ["steps"] = ratios.Count },
        [
            "Activation = Activation.ReLU (or LeakyReLU, GELU)",
            "Normalization = Normalization.BatchNorm (LayerNorm with TabM)",
            "Architecture = Architecture.ResNet (for an Mlp of equal widths)",
            "WeightInitialization = WeightInitialization.HeUniform",
            "HiddenLayerSizes = fewer layers",
        ]);
    }

    public static TrainingFinding? ExplodingGradients(TrainingHistory history)
    {
        var steps = Steps(history);
        if (steps.Count == 0)
            return TrainingFinding.NotChecked(TrainingProblem.ExplodingGradients, Needs, TurnOn);
        var norms = steps.Select(s => (Step: s[0].Step, Norm: Math.Sqrt(s.Sum(r => r.GradientNorm * r.GradientNorm)))).ToList();
        int count = 0;
        double worstScore = 0;
        (long Step, double Norm, double Median)? worst = null;
        var earlier = new List<double>();   // the finite norms before step i, sorted: the running median in O(n) per step
        for (int i = 0; i < norms.Count; i++)
        {
            double median = i >= T.ExplodingMinimumSteps && earlier.Count > 0 ? SortedMedian(earlier) : double.NaN;
            if (double.IsFinite(norms[i].Norm))
            {
                int at = earlier.BinarySearch(norms[i].Norm);
                earlier.Insert(at < 0 ? ~at : at, norms[i].Norm);
            }
            bool exploded = !double.IsFinite(norms[i].Norm) || (median > 0 && norms[i].Norm > T.ExplodingFactor * median);
            if (!exploded)
                continue;
            count++;
            double score = double.IsFinite(norms[i].Norm) ? norms[i].Norm / median : double.PositiveInfinity;
            if (worst is null || score > worstScore)
                (worst, worstScore) = ((norms[i].Step, norms[i].Norm, median), score);
        }
        if (worst is not { } w)
            return null;
        return new(TrainingProblem.ExplodingGradients, FindingSeverity.Serious,
            $"{count} of {norms.Count} instrumented steps had a gradient norm above {F(T.ExplodingFactor)}x the running median; worst: step {w.Step}, {F(w.Norm)} against a median of {F(w.Median)}",
            new Dictionary<string, double> { ["exploding steps"] = count, ["worst step"] = w.Step, ["worst gradient norm"] = w.Norm, ["running median"] = w.Median },
        [
            "GradientClippingNorm = 1",
            LearningRateRules.Lower(history),
            "Normalization = Normalization.BatchNorm (or LayerNorm; LayerNorm with TabM)",
        ]);
    }

    public static TrainingFinding? DeadReLU(TrainingHistory history)
    {
        var steps = Steps(history);
        if (steps.Count == 0)
            return TrainingFinding.NotChecked(TrainingProblem.DeadReLU, Needs, TurnOn);
        if (steps.SelectMany(s => s).All(r => r.ActivationMean is null))
            return TrainingFinding.NotChecked(TrainingProblem.DeadReLU, "activation statistics, which are not recorded under mixed precision", "MixedPrecision = MixedPrecision.None while diagnosing");
        var late = steps.Skip(steps.Count - ((steps.Count + 2) / 3)).SelectMany(s => s).Where(r => r.DeadUnitFraction is not null);
        var worst = late.GroupBy(r => r.Layer).Select(g => (Layer: g.Key, Fraction: Median([.. g.Select(r => r.DeadUnitFraction!.Value)])))
            .OrderByDescending(l => l.Fraction).FirstOrDefault();
        if (worst.Layer is null || !(worst.Fraction > T.DeadUnitFraction))
            return null;
        return new(TrainingProblem.DeadReLU, worst.Fraction > T.DeadUnitSeriousFraction ? FindingSeverity.Serious : FindingSeverity.Warning,
            $"{F(worst.Fraction * 100, "F1")}% of the units of {worst.Layer} were never active on a step's rows (median over the last third of the instrumented steps; threshold {F(T.DeadUnitFraction * 100)}%)",
            new Dictionary<string, double> { ["dead unit fraction"] = worst.Fraction, ["layer"] = LayerNumber(worst.Layer) },
        [
            "Activation = Activation.LeakyReLU",
            LearningRateRules.Lower(history),
        ]);
    }

    /// <summary>Median update-to-weight ratio per layer, or empty without statistics.</summary>
    public static IReadOnlyList<(string Layer, double Ratio)> UpdateRatios(TrainingHistory history) =>
        [.. Recorded(history).Where(r => double.IsFinite(r.UpdateToWeightRatio)).GroupBy(r => r.Layer)
            .Select(g => (g.Key, Median([.. g.Select(r => r.UpdateToWeightRatio)])))];

    public static TrainingFinding? LearningRateTooLow(TrainingHistory history)
    {
        if (history.LayerStatistics.Count == 0)
            return TrainingFinding.NotChecked(TrainingProblem.LearningRateTooLow, Needs, TurnOn);
        var all = Recorded(history).Select(r => r.UpdateToWeightRatio).Where(double.IsFinite).ToList();
        if (all.Count == 0 || !(Median(all) < T.UpdateRatioTooLow))
            return null;
        double ratio = Median(all);
        return new(TrainingProblem.LearningRateTooLow, FindingSeverity.Warning,
            $"the median update-to-weight ratio is {F(ratio, "E2")} (threshold {F(T.UpdateRatioTooLow)}; about 1e-3 is typical): the weights barely move",
            new Dictionary<string, double> { ["median update-to-weight ratio"] = ratio },
            ["LearningRate = 10x the current rate (or the rate trainer.FindLearningRate(data) suggests)"]);
    }

    /// <summary>The layer records grouped by step, in step order, layers in network order.</summary>
    internal static List<List<LayerStatisticsRecord>> Steps(TrainingHistory history) =>
        [.. Recorded(history).GroupBy(r => r.Step).OrderBy(g => g.Key).Select(g => g.ToList())];

    /// <summary>
    /// The layer records of the steps the optimizer took: a float16 step that overflowed (skipped by the loss scaler,
    /// a normal event) has non-finite gradients and no update, and says nothing about the network.
    /// </summary>
    private static IEnumerable<LayerStatisticsRecord> Recorded(TrainingHistory history)
    {
        var skipped = history.Steps.Where(s => s.Skipped).Select(s => s.Step).ToHashSet();
        return skipped.Count == 0 ? history.LayerStatistics : history.LayerStatistics.Where(r => !skipped.Contains(r.Step));
    }

    private static double SortedMedian(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;

    internal static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
            return double.NaN;
        var sorted = values.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>"hidden3" → 3; "output" → 0.</summary>
    private static double LayerNumber(string layer) => layer.StartsWith("hidden", StringComparison.Ordinal) ? double.Parse(layer[6..], System.Globalization.CultureInfo.InvariantCulture) : 0;
}
