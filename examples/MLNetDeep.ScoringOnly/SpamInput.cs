using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>One row of spambase.csv as the saved pipeline reads it: 57 raw features and the text label.</summary>
internal sealed class SpamInput
{
    /// <summary>The number of raw features.</summary>
    public const int FeatureCount = 57;

    /// <summary>The raw features, in the file's column order; the saved pipeline normalizes them.</summary>
    [LoadColumn(0, FeatureCount - 1), VectorType(FeatureCount)]
    public float[] Raw { get; set; } = [];

    /// <summary>"spam" or "nonspam"; the saved pipeline maps it to its Boolean Label column.</summary>
    [LoadColumn(FeatureCount), ColumnName("type")]
    public string Type { get; set; } = string.Empty;

    /// <summary>Says what is wrong when a model's input columns do not match this class; null when they do.</summary>
    public static string? SchemaProblem(DataViewSchema schema) =>
        schema.GetColumnOrNull("Raw")?.Type is VectorDataViewType { ItemType: var item, Size: FeatureCount } && item == NumberDataViewType.Single
            ? null
            : $"expected a spambase model (from examples/MLNetDeep.Demo) whose input has a column 'Raw' of {FeatureCount} Singles; " +
              $"this one has: {string.Join(", ", schema.Select(c => $"{c.Name} ({c.Type})"))}.";
}

/// <summary>The binary prediction columns the saved pipeline adds.</summary>
internal sealed class SpamPrediction
{
    /// <summary>The raw score (logit).</summary>
    public float Score { get; set; }

    /// <summary>The calibrated probability of spam.</summary>
    public float Probability { get; set; }

    /// <summary>The predicted class.</summary>
    public bool PredictedLabel { get; set; }
}
