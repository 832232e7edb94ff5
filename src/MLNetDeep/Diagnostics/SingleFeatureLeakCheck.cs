using static MLNetDeep.Diagnostics.SetupChecks;

namespace MLNetDeep.Diagnostics;

/// <summary>
/// Check 4c: a single feature that almost predicts the label on its own is often a copy or a consequence of the label
/// (leakage). On up to <see cref="MaxRows"/> seeded training rows, unweighted, each non-constant feature gets a score:
/// binary, its AUC in either direction, max(AUC, 1 − AUC), flagged at ≥ <see cref="BinaryAuc"/>; regression, the R² of
/// a univariate linear fit (the squared correlation), flagged at ≥ <see cref="RegressionRSquared"/>; multiclass, the
/// accuracy of predicting each row's class as the majority class of its bin of feature values (up to 64 equal-count
/// bins of at least 20 rows; equal values share a bin), flagged at ≥ <see cref="MulticlassAccuracy"/> when the
/// majority class alone is below that. The check warns: an easy problem can have such a feature legitimately.
/// </summary>
internal static class SingleFeatureLeakCheck
{
    public const int MaxRows = 20_000;

    public const double BinaryAuc = 0.99;

    public const double RegressionRSquared = 0.98;

    public const double MulticlassAccuracy = 0.99;

    /// <summary>Every feature's single-feature score on the sampled rows and the ones at or above the threshold, best first.</summary>
    /// <param name="ScoreName">"AUC", "R²" or "binned accuracy".</param>
    /// <param name="Threshold">The flagging threshold of that score.</param>
    /// <param name="Values">Each feature's score; NaN for a constant feature.</param>
    /// <param name="Best">The feature with the highest score, or −1 when none varies.</param>
    /// <param name="Flagged">Features at or above the threshold, highest score first (none for multiclass when the majority class alone reaches it).</param>
    internal sealed record Scores(string ScoreName, double Threshold, double[] Values, int Best, IReadOnlyList<int> Flagged);

    /// <summary>
    /// The one implementation of the single-feature score, shared by <c>CheckSetup</c> and <c>CheckLeakage</c>:
    /// scores each non-constant feature of <paramref name="training"/> on the rows <paramref name="rows"/>.
    /// </summary>
    /// <param name="training">The rows; labels 0/1 (binary), class index (multiclass) or value (regression).</param>
    /// <param name="rows">The sampled row indices (see <see cref="SetupData.SampleRows"/>).</param>
    /// <param name="classes">2 for binary, the class count for multiclass, 0 for regression.</param>
    /// <param name="skip">Slots not to score (key values, whose order means nothing), or null.</param>
    internal static Scores Score(RowSet training, int[] rows, int classes, Func<int, bool>? skip = null)
    {
        var labels = rows.Select(r => (double)training.Labels[r]).ToArray();
        var stats = FeatureStatistics.Of(training);
        int f = training.FeatureCount;
        (string scoreName, double threshold, Func<double[], double> score) = classes switch
        {
            0 => ("R²", RegressionRSquared, (Func<double[], double>)(x => RSquared(x, labels))),
            2 => ("AUC", BinaryAuc, x => Auc(x, labels)),
            _ => ("binned accuracy", MulticlassAccuracy, x => BinnedAccuracy(x, labels, classes)),
        };
        double majority = classes == 0 || labels.Length == 0 ? 0 : Enumerable.Range(0, classes).Max(c => labels.Count(y => (int)y == c)) / (double)labels.Length;
        var scores = new double[f];
        for (int i = 0; i < scores.Length; i++)
            scores[i] = stats.IsConstant(i) || skip?.Invoke(i) == true ? double.NaN : score(rows.Select(r => (double)training.Features[(r * f) + i]).ToArray());
        var valid = Enumerable.Range(0, scores.Length).Where(i => !double.IsNaN(scores[i])).ToList();
        int best = valid.Count == 0 ? -1 : valid.MaxBy(i => scores[i]);
        // AUC and R² do not depend on the class balance; binned accuracy does: a majority at or above the threshold would flag every feature.
        bool applies = classes <= 2 || majority < threshold;
        var flagged = applies ? valid.Where(i => scores[i] >= threshold).OrderByDescending(i => scores[i]).ToList() : [];
        return new Scores(scoreName, threshold, scores, best, flagged);
    }

    public static SetupFinding Run(SetupContext context)
    {
        var data = context.Data;
        var result = Score(data.Training, data.SampleTrainingRows(MaxRows, context.Seed + 3), data.ClassCounts.Length, data.IsKeySlot);
        (string scoreName, double threshold, double[] scores, int best, var flagged) = result;
        var figures = new Dictionary<string, double> { ["best single-feature " + scoreName] = best < 0 ? double.NaN : scores[best], ["features at or above threshold"] = flagged.Count };
        if (flagged.Count == 0)
        {
            string bestText = best < 0 ? "no varying feature" : $"best single-feature {scoreName} {F(scores[best])} ({data.FeatureNames[best]})";
            return new SetupFinding(SetupCheckNames.SingleFeatureLeak, SetupStatus.Pass, $"{bestText}; threshold {F(threshold)}", figures);
        }
        string names = List(flagged.Select(i => $"{data.FeatureNames[i]} ({scoreName} {F(scores[i])})"), 3);
        return new SetupFinding(SetupCheckNames.SingleFeatureLeak, SetupStatus.Warn,
            $"{flagged.Count} feature(s) predict the label almost alone ({scoreName} >= {F(threshold)}): {names}", figures,
            $"Check that {data.FeatureNames[flagged[0]]} is known before the label (not derived from it or recorded after it); if it leaks the label, leave it out of the Features column.");
    }

    /// <summary>max(AUC, 1 − AUC) of <paramref name="x"/> as a score for the 0/1 <paramref name="labels"/>, ties counted half; NaN with one class.</summary>
    internal static double Auc(double[] x, double[] labels)
    {
        var order = Enumerable.Range(0, x.Length).OrderBy(i => x[i]).ToArray();
        double positives = labels.Count(y => y > 0.5), negatives = labels.Length - positives, rankSum = 0;
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && x[order[end + 1]] == x[order[start]])
                end++;
            double averageRank = ((start + end) / 2.0) + 1;
            for (int k = start; k <= end; k++)
                rankSum += labels[order[k]] > 0.5 ? averageRank : 0;
            start = end + 1;
        }
        if (positives == 0 || negatives == 0)
            return double.NaN;
        double auc = (rankSum - (positives * (positives + 1) / 2)) / (positives * negatives);
        return Math.Max(auc, 1 - auc);
    }

    /// <summary>R² of the least-squares line through (x, y): the squared correlation.</summary>
    internal static double RSquared(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx > 0 && syy > 0 ? sxy * sxy / (sxx * syy) : double.NaN;
    }

    /// <summary>Accuracy of predicting the majority class of each row's bin of <paramref name="x"/> values.</summary>
    internal static double BinnedAccuracy(double[] x, double[] labels, int classes)
    {
        var order = Enumerable.Range(0, x.Length).OrderBy(i => x[i]).ToArray();
        int binSize = Math.Max(20, (int)Math.Ceiling(x.Length / 64.0));
        var counts = new int[classes];
        double correct = 0;
        int inBin = 0;
        for (int k = 0; k < order.Length; k++)
        {
            counts[(int)labels[order[k]]]++;
            inBin++;
            bool last = k == order.Length - 1;
            if (last || (inBin >= binSize && x[order[k + 1]] != x[order[k]]))
            {
                correct += counts.Max();
                Array.Clear(counts);
                inBin = 0;
            }
        }
        return correct / x.Length;
    }
}
