using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Tests.Evaluation;

/// <summary>Scored views written by hand, with the columns ML.NET's scorers produce, for the report tests.</summary>
internal static class ScoredViews
{
    public sealed class BinaryRow
    {
        public bool Label { get; set; }
        public float Score { get; set; }
        public float Probability { get; set; }
        public bool PredictedLabel { get; set; }
    }

    public sealed class ClassRow
    {
        public string Truth { get; set; } = "";
        public string Predicted { get; set; } = "";
        [VectorType(3)] public float[] Score { get; set; } = [];
    }

    public sealed class RegressionRow
    {
        public float Label { get; set; }
        public float Score { get; set; }
    }

    /// <summary>One binary row; the prediction is Probability &gt; 0.5.</summary>
    public static BinaryRow Binary(bool label, float score, float probability) =>
        new() { Label = label, Score = score, Probability = probability, PredictedLabel = probability > 0.5f };

    /// <summary>
    /// The binary test set: 3 positives, 5 negatives, by descending score T F T F T F F F.
    /// PredictedLabel: TP 2 (rows 1, 3), FP 1 (row 2), FN 1 (row 5), TN 4.
    /// </summary>
    public static IDataView BinaryTest(MLContext ml) => ml.Data.LoadFromEnumerable(new[]
    {
        Binary(true, 3.0f, 0.95f),
        Binary(false, 2.0f, 0.85f),
        Binary(true, 1.0f, 0.70f),
        Binary(false, -0.5f, 0.40f),
        Binary(true, -1.0f, 0.30f),
        Binary(false, -2.0f, 0.20f),
        Binary(false, -2.5f, 0.15f),
        Binary(false, -3.0f, 0.05f),
    });

    /// <summary>
    /// Validation rows for the threshold, 4 positives. F1 of "p ≥ t" for t = 0.9, 0.8, 0.7, 0.6, 0.4, 0.35, 0.2:
    /// 2/5, 4/6, 4/7, 6/8, 6/9, 8/10, 8/11, so the F1-maximizing threshold is 0.35.
    /// </summary>
    public static IDataView BinaryValidation(MLContext ml) => ml.Data.LoadFromEnumerable(new[]
    {
        Binary(true, 2.2f, 0.90f),
        Binary(true, 1.4f, 0.80f),
        Binary(false, 0.8f, 0.70f),
        Binary(true, 0.4f, 0.60f),
        Binary(false, -0.4f, 0.40f),
        Binary(true, -0.6f, 0.35f),
        Binary(false, -1.4f, 0.20f),
    });

    /// <summary>Key-typed Label and PredictedLabel sharing the class names cat, dog, bird (keys 1, 2, 3).</summary>
    public static IDataView Multiclass(MLContext ml, IEnumerable<ClassRow> rows)
    {
        var raw = ml.Data.LoadFromEnumerable(rows.ToList());
        string[] names = ["cat", "dog", "bird"];
        var classes = ml.Data.LoadFromEnumerable(names.Select(name => new ClassName { Name = name }).ToList());
        return ml.Transforms.Conversion.MapValueToKey("Label", "Truth", keyData: classes)
            .Append(ml.Transforms.Conversion.MapValueToKey("PredictedLabel", "Predicted", keyData: classes))
            .Fit(raw).Transform(raw);
    }

    public sealed class ClassName
    {
        public string Name { get; set; } = "";
    }

    public static ClassRow Class(string truth, string predicted, float cat, float dog, float bird) =>
        new() { Truth = truth, Predicted = predicted, Score = [cat, dog, bird] };

    /// <summary>
    /// 10 rows. Confusion (truth × predicted, cat dog bird): cat 2 1 1; dog 1 2 0; bird 0 1 2.
    /// The Score of the true class: 0.7 0.6 0.3 0.2 | 0.8 0.4 0.7 | 0.8 0.6 0.35.
    /// </summary>
    public static IDataView MulticlassTest(MLContext ml) => Multiclass(ml,
    [
        Class("cat", "cat", 0.7f, 0.2f, 0.1f),
        Class("cat", "cat", 0.6f, 0.3f, 0.1f),
        Class("cat", "dog", 0.3f, 0.5f, 0.2f),
        Class("cat", "bird", 0.2f, 0.3f, 0.5f),
        Class("dog", "dog", 0.1f, 0.8f, 0.1f),
        Class("dog", "cat", 0.5f, 0.4f, 0.1f),
        Class("dog", "dog", 0.2f, 0.7f, 0.1f),
        Class("bird", "bird", 0.1f, 0.1f, 0.8f),
        Class("bird", "bird", 0.2f, 0.2f, 0.6f),
        Class("bird", "dog", 0.2f, 0.45f, 0.35f),
    ]);

    /// <summary>Labels 2 4 0 5 10 −2, scores 3 4 1 4 8 −1: errors −1 0 −1 1 2 −1.</summary>
    public static IDataView RegressionTest(MLContext ml) => Regression(ml, [2, 4, 0, 5, 10, -2], [3, 4, 1, 4, 8, -1]);

    public static IDataView Regression(MLContext ml, float[] labels, float[] scores) =>
        ml.Data.LoadFromEnumerable(labels.Zip(scores, (l, s) => new RegressionRow { Label = l, Score = s }).ToList());
}
