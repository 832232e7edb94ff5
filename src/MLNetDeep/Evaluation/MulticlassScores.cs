namespace MLNetDeep;

/// <summary>One class's figures in a <see cref="MulticlassMetricsReport"/>.</summary>
/// <param name="Name">The class name, from the label's key values (the key index when it has none).</param>
/// <param name="Support">Rows whose label is this class.</param>
/// <param name="Precision">Rows rightly predicted as this class / rows predicted as it; 0 when none is.</param>
/// <param name="Recall">Rows rightly predicted as this class / its support; 0 without support.</param>
/// <param name="F1">2·precision·recall / (precision + recall); 0 when both are 0.</param>
public sealed record ClassMetrics(string Name, long Support, double Precision, double Recall, double F1);

/// <summary>The columns of a scored multiclass view as arrays (0-based class indices), and the metrics computed from them.</summary>
internal sealed class MulticlassScores
{
    /// <summary>ML.NET's floor on the probability of the true class in the log-loss.</summary>
    public const double Epsilon = 1e-15;

    public MulticlassScores(string[] classNames, int[] labels, int[] predicted, float[][] scores)
    {
        ClassNames = classNames;
        Labels = labels;
        Predicted = predicted;
        Scores = scores;
    }

    public string[] ClassNames { get; }

    /// <summary>0-based true class of each row.</summary>
    public int[] Labels { get; }

    /// <summary>0-based predicted class of each row: the largest Score slot (as ML.NET's evaluator); −1 when every slot is NaN.</summary>
    public int[] Predicted { get; }

    public float[][] Scores { get; }

    public long[,] Confusion(int[] rows)
    {
        int k = ClassNames.Length;
        var counts = new long[k, k];
        foreach (int i in rows)
        {
            if (Predicted[i] >= 0)
                counts[Labels[i], Predicted[i]]++;
        }
        return counts;
    }

    public ClassMetrics[] PerClass(int[] rows)
    {
        var counts = Confusion(rows);
        var support = new long[ClassNames.Length];
        foreach (int i in rows)
            support[Labels[i]]++;
        return ClassNames.Select((name, c) =>
        {
            long right = counts[c, c], predictedAs = Enumerable.Range(0, ClassNames.Length).Sum(t => counts[t, c]);
            double precision = predictedAs == 0 ? 0 : (double)right / predictedAs;
            double recall = support[c] == 0 ? 0 : (double)right / support[c];
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            return new ClassMetrics(name, support[c], precision, recall, f1);
        }).ToArray();
    }

    /// <summary>
    /// Mean F1 over the classes that occur among the labels or the predictions of <paramref name="rows"/> (a class
    /// neither present nor predicted has no defined F1 and is left out).
    /// </summary>
    public double MacroF1(int[] rows)
    {
        var present = rows.Select(i => Labels[i]).Concat(rows.Select(i => Predicted[i])).Where(c => c >= 0).ToHashSet();
        var perClass = PerClass(rows);
        return present.Count == 0 ? double.NaN : present.Average(c => perClass[c].F1);
    }

    /// <summary>Every metric on the rows of <paramref name="rows"/> (repeats allowed).</summary>
    public Dictionary<string, double> Metrics(int[] rows)
    {
        var perClass = PerClass(rows);
        return new Dictionary<string, double>
        {
            [MetricNames.MicroAccuracy] = rows.Average(i => Predicted[i] == Labels[i] ? 1.0 : 0.0),
            [MetricNames.MacroAccuracy] = perClass.Where(c => c.Support > 0).Average(c => c.Recall),
            [MetricNames.MacroF1] = MacroF1(rows),
            [MetricNames.LogLoss] = rows.Average(i => -Math.Log(Math.Max(Scores[i][Labels[i]], Epsilon))),
        };
    }
}
