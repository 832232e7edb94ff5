namespace MLNetDeep;

/// <summary>
/// Binary decisions against the truth: the four counts and the metrics they give. Precision, recall and F1 are 0
/// when their denominator is 0; balanced accuracy is NaN unless both classes occur.
/// </summary>
/// <param name="TruePositives">Positive rows predicted positive.</param>
/// <param name="FalsePositives">Negative rows predicted positive.</param>
/// <param name="TrueNegatives">Negative rows predicted negative.</param>
/// <param name="FalseNegatives">Positive rows predicted negative.</param>
public sealed record BinaryConfusion(long TruePositives, long FalsePositives, long TrueNegatives, long FalseNegatives)
{
    /// <summary>(TP + TN) / all rows.</summary>
    public double Accuracy => Ratio(TruePositives + TrueNegatives, TruePositives + FalsePositives + TrueNegatives + FalseNegatives);

    /// <summary>TP / (TP + FP), 0 when nothing is predicted positive.</summary>
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN), 0 when no row is positive.</summary>
    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    /// <summary>TN / (TN + FP), 0 when no row is negative.</summary>
    public double Specificity => Ratio(TrueNegatives, TrueNegatives + FalsePositives);

    /// <summary>(recall + specificity) / 2; NaN unless both classes occur.</summary>
    public double BalancedAccuracy => TruePositives + FalseNegatives == 0 || TrueNegatives + FalsePositives == 0
        ? double.NaN
        : (Recall + Specificity) / 2;

    /// <summary>2·precision·recall / (precision + recall), 0 when both are 0 (as ML.NET's evaluator gives it).</summary>
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>The matrix as an aligned table, rows the truth, columns the prediction.</summary>
    public string ToTable()
    {
        var counts = new long[2, 2];
        counts[0, 0] = TruePositives;
        counts[0, 1] = FalseNegatives;
        counts[1, 0] = FalsePositives;
        counts[1, 1] = TrueNegatives;
        return TextTable.Confusion(["positive", "negative"], counts);
    }

    internal static BinaryConfusion Count(IEnumerable<int> rows, bool[] labels, Func<int, bool> predicted)
    {
        long tp = 0, fp = 0, tn = 0, fn = 0;
        foreach (int i in rows)
        {
            bool p = predicted(i);
            if (labels[i]) { if (p) tp++; else fn++; }
            else if (p) fp++;
            else tn++;
        }
        return new BinaryConfusion(tp, fp, tn, fn);
    }

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
}
