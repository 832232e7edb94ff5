namespace MLNetDeep;

/// <summary>
/// The columns of a scored binary view as arrays, and the metrics computed from them that the bootstrap recomputes
/// on each resample (and that ML.NET's evaluator does not give: balanced accuracy, the F1-maximizing threshold).
/// </summary>
internal sealed class BinaryScores
{
    /// <summary>ML.NET's binary evaluator predicts positive when Score is above this (checked: it ignores PredictedLabel).</summary>
    public const double MlNetScoreThreshold = 0;

    public BinaryScores(bool[] labels, float[] scores, float[]? probabilities, bool[] predicted)
    {
        Labels = labels;
        Scores = scores;
        Probabilities = probabilities;
        Predicted = predicted;
    }

    public bool[] Labels { get; }

    public float[] Scores { get; }

    public float[]? Probabilities { get; }

    public bool[] Predicted { get; }

    /// <summary>The column thresholds apply to: Probability when present, otherwise Score.</summary>
    public float[] Ranking => Probabilities ?? Scores;

    /// <summary>Every metric on the rows of <paramref name="rows"/> (repeats allowed).</summary>
    public Dictionary<string, double> Metrics(int[] rows, double? f1Threshold)
    {
        var decided = BinaryConfusion.Count(rows, Labels, i => Scores[i] > MlNetScoreThreshold);
        var metrics = new Dictionary<string, double>
        {
            [MetricNames.Accuracy] = decided.Accuracy,
            [MetricNames.BalancedAccuracy] = decided.BalancedAccuracy,
            [MetricNames.Precision] = decided.Precision,
            [MetricNames.Recall] = decided.Recall,
            [MetricNames.F1] = decided.F1,
            [MetricNames.Auc] = Auc(rows),
            [MetricNames.Auprc] = Auprc(rows),
        };
        if (Probabilities is not null)
            metrics[MetricNames.LogLoss] = LogLoss(rows);
        if (f1Threshold is double t)
        {
            var tuned = BinaryConfusion.Count(rows, Labels, i => Ranking[i] >= t);
            metrics[MetricNames.AccuracyAtF1Threshold] = tuned.Accuracy;
            metrics[MetricNames.BalancedAccuracyAtF1Threshold] = tuned.BalancedAccuracy;
            metrics[MetricNames.F1AtF1Threshold] = tuned.F1;
        }
        return metrics;
    }

    /// <summary>Area under the ROC curve from average ranks of the scores (ties count half); NaN with one class.</summary>
    public double Auc(int[] rows)
    {
        var order = rows.OrderBy(i => Scores[i]).ToArray();
        double positiveRankSum = 0;
        long positives = 0;
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && Scores[order[end + 1]] == Scores[order[start]])
                end++;
            double averageRank = ((start + end) / 2.0) + 1;
            for (int k = start; k <= end; k++)
            {
                if (Labels[order[k]])
                {
                    positiveRankSum += averageRank;
                    positives++;
                }
            }
            start = end + 1;
        }
        long negatives = order.Length - positives;
        if (positives == 0 || negatives == 0)
            return double.NaN;
        return (positiveRankSum - (positives * (positives + 1) / 2.0)) / ((double)positives * negatives);
    }

    /// <summary>
    /// Area under the precision-recall curve, the lower-trapezoid estimator ML.NET uses: rows by descending score
    /// (ties in row order); each positive adds (Δrecall) × (precision before the step, lowered by the negatives since
    /// the previous positive, + precision after) / 2. NaN without positives.
    /// </summary>
    public double Auprc(int[] rows)
    {
        long positives = rows.LongCount(i => Labels[i]);
        if (positives == 0)
            return double.NaN;
        long truePositives = 0, falsePositives = 0;
        double area = 0, previousRecall = 0, previousPrecision = 1;
        foreach (int i in rows.OrderByDescending(i => Scores[i]))
        {
            if (Labels[i])
            {
                truePositives++;
                double recall = (double)truePositives / positives;
                double precision = (double)truePositives / (truePositives + falsePositives);
                area += (recall - previousRecall) * (previousPrecision + precision) / 2;
                previousRecall = recall;
                previousPrecision = precision;
            }
            else
            {
                falsePositives++;
                previousPrecision = (double)truePositives / (truePositives + falsePositives);
            }
        }
        return area;
    }

    /// <summary>Mean of −log2(p) for positives and −log2(1 − p) for negatives, as ML.NET computes it (no clipping).</summary>
    public double LogLoss(int[] rows) =>
        rows.Average(i => -Math.Log2(Labels[i] ? Probabilities![i] : 1.0 - Probabilities![i]));

    /// <summary>
    /// The threshold t among the distinct <see cref="Ranking"/> values that maximizes F1 when rows with value ≥ t are
    /// predicted positive; on equal F1 the highest t. NaN without positives.
    /// </summary>
    public double F1MaximizingThreshold()
    {
        var order = Enumerable.Range(0, Labels.Length).OrderByDescending(i => Ranking[i]).ToArray();
        long positives = Labels.LongCount(l => l), truePositives = 0, predictedPositives = 0;
        double best = double.NaN, bestF1 = -1;
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && Ranking[order[end + 1]] == Ranking[order[start]])
                end++;
            for (int k = start; k <= end; k++)
            {
                predictedPositives++;
                if (Labels[order[k]])
                    truePositives++;
            }
            double f1 = positives == 0 ? 0 : 2.0 * truePositives / (predictedPositives + positives);
            if (positives > 0 && f1 > bestF1)
            {
                bestF1 = f1;
                best = Ranking[order[start]];
            }
            start = end + 1;
        }
        return best;
    }
}
