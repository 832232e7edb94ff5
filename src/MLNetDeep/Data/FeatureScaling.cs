using MLNetDeep.Native;
using static TorchSharp.torch;

namespace MLNetDeep.Data;

/// <summary>
/// Standardization the network applies to its inputs, x' = (x − mean) / scale, learned from the training rows.
/// It makes training robust to unnormalized or uncentered features (ML.NET's NormalizeMeanVariance keeps zero
/// at zero by default, so it does not center) and is folded into the first layer when the model is exported.
/// </summary>
internal sealed record FeatureScaling(float[] Mean, float[] Scale)
{
    public static FeatureScaling Identity(int featureCount) =>
        new(new float[featureCount], Enumerable.Repeat(1f, featureCount).ToArray());

    public static FeatureScaling FromMoments(double[] mean, double[] m2, long count)
    {
        var scale = new float[mean.Length];
        for (int i = 0; i < mean.Length; i++)
            scale[i] = ScaleOf(count > 1 ? Math.Sqrt(m2[i] / (count - 1)) : 0);
        return new FeatureScaling(mean.Select(m => (float)m).ToArray(), scale);
    }

    /// <summary>
    /// The scale of a feature with standard deviation <paramref name="standardDeviation"/>: any real spread counts,
    /// however small (features around 1e-30 still vary); only a constant (or an unusable spread) keeps scale 1.
    /// </summary>
    public static float ScaleOf(double standardDeviation) =>
        standardDeviation > 0 && (float)standardDeviation > 0 && double.IsFinite(standardDeviation) ? (float)standardDeviation : 1f;

    /// <summary>Standardizes <paramref name="features"/> [rows, F] in place.</summary>
    public void ApplyInPlace(Tensor features)
    {
        using var mean = tensor(Mean, device: features.device);
        using var scale = tensor(Scale, device: features.device);
        features.sub_(mean).div_(scale);
    }
}

/// <summary>
/// What the sources apply to every batch: missing-value imputation (which widens the rows to the network's inputs),
/// feature standardization (of the network's inputs) and (regression) label standardization.
/// </summary>
internal sealed record Standardization(FeatureScaling Features, float LabelOffset, float LabelScale, MissingValueImputation? Imputation = null)
{
    /// <summary>
    /// What Fit learns from the training rows: the missing-value imputation (with <see cref="MissingValueHandling.Impute"/>;
    /// <paramref name="fitted"/> when a warm start keeps its initial model's), then the standardization of the network's
    /// inputs (identity without <see cref="DeepMlpOptionsBase.StandardizeFeatures"/>).
    /// </summary>
    public static Standardization Learn(
        DeepMlpOptionsBase options, DataScan training, TrainingColumns columns, (float Offset, float Scale) labelScaling, MissingValueImputation? fitted = null)
    {
        MissingValueImputation? imputation = fitted;
        if (imputation is null && columns.AllowMissing)
        {
            ReadOnlySpan<float> rows = training.Features is { } cached ? cached : training.Sample is { } sample ? sample.Rows : [];
            imputation = MissingValueImputation.Learn(training.Slots, rows, columns.SlotNames(), columns.Features.Name);
        }
        FeatureScaling features = options.StandardizeFeatures ? training.FeatureScaling : FeatureScaling.Identity(columns.FeatureCount);
        if (imputation is not null)
        {
            features = options.StandardizeFeatures
                ? imputation.ExtendScaling(features)
                : FeatureScaling.Identity(imputation.OutputCount);
        }
        return new Standardization(features, labelScaling.Offset, labelScaling.Scale, imputation);
    }

    /// <summary>The network's input width: the features, plus the missing-value indicators.</summary>
    public int InputSize => Features.Mean.Length;

    /// <summary>Imputes and standardizes <paramref name="features"/> (replaced by a new tensor, the old one disposed, when imputing) and standardizes the labels.</summary>
    public void ApplyInPlace(ref Tensor features, Tensor labels)
    {
        if (Imputation is not null)
            features = Imputation.Apply(features);
        Features.ApplyInPlace(features);
        if (LabelOffset != 0 || LabelScale != 1)
            labels.SubtractInPlace(LabelOffset).DivideInPlace(LabelScale);
    }
}
