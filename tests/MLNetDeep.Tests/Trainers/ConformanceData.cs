using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Tests.Trainers;

/// <summary>
/// The four inputs of the estimator workout test for each task, from <see cref="SyntheticData"/>'s rules: valid data,
/// features only (no label), Double features (a wrong type) and one feature fewer (fits, but not the fitted model).
/// </summary>
internal static class ConformanceData
{
    private const int Rows = 120;

    public static ConformanceInputs Binary(MLContext ml) => Inputs(
        ml, new(SyntheticData.Binary(ml, Rows), EstimatorConformance.ShapeOf<SyntheticData.BinaryRow>(ml)), SyntheticData.BinaryRule, keyLabel: false);

    public static ConformanceInputs Multiclass(MLContext ml)
    {
        var valid = new ConformanceInput(
            SyntheticData.Multiclass(ml, Rows),
            ml.Transforms.Conversion.MapValueToKey("Label", "Class").GetOutputSchema(EstimatorConformance.ShapeOf<SyntheticData.ClassRow>(ml)));
        return Inputs(ml, valid, SyntheticData.ClassRule, keyLabel: true);
    }

    public static ConformanceInputs Regression(MLContext ml) => Inputs(
        ml, new(SyntheticData.Regression(ml, Rows), EstimatorConformance.ShapeOf<SyntheticData.RegressionRow>(ml)), SyntheticData.RegressionRule, keyLabel: false);

    private static ConformanceInputs Inputs<TLabel>(MLContext ml, ConformanceInput valid, Func<float[], TLabel> rule, bool keyLabel)
    {
        var features = SyntheticData.Features(Rows, seed: 2);
        var wrongType = Load(ml, features.Select(x => new DoubleFeaturesRow<TLabel> { Features = [.. x.Select(v => (double)v)], Label = rule(x) }));
        var otherSize = Load(ml, features.Select(x => new ShortFeaturesRow<TLabel> { Features = x[..^1], Label = rule(x) }));
        return new(valid, Load(ml, features.Select(x => new FeaturesRow { Features = x })),
            keyLabel ? ToKey(ml, wrongType) : wrongType, keyLabel ? ToKey(ml, otherSize) : otherSize);
    }

    private static ConformanceInput Load<TRow>(MLContext ml, IEnumerable<TRow> rows)
        where TRow : class, new() =>
        new(ml.Data.LoadFromEnumerable(rows.ToList()), EstimatorConformance.ShapeOf<TRow>(ml));

    /// <summary>The Label column as a key of its values (the text column it replaces stays, hidden).</summary>
    private static ConformanceInput ToKey(MLContext ml, ConformanceInput input)
    {
        var toKey = ml.Transforms.Conversion.MapValueToKey("Label");
        return new(toKey.Fit(input.Data).Transform(input.Data), toKey.GetOutputSchema(input.Shape));
    }

    /// <summary>Features only: what a fitted model scores, but not enough to train.</summary>
    public sealed class FeaturesRow
    {
        [VectorType(SyntheticData.FeatureCount)] public float[] Features { get; set; } = [];
    }

    /// <summary>Features of type Double: neither the trainer nor a fitted model accepts them.</summary>
    public sealed class DoubleFeaturesRow<TLabel>
    {
        [VectorType(SyntheticData.FeatureCount)] public double[] Features { get; set; } = [];

        public TLabel Label { get; set; } = default!;
    }

    /// <summary>One feature fewer than <see cref="SyntheticData"/>'s rows: the trainer accepts it, a model fitted on those rows does not.</summary>
    public sealed class ShortFeaturesRow<TLabel>
    {
        [VectorType(SyntheticData.FeatureCount - 1)] public float[] Features { get; set; } = [];

        public TLabel Label { get; set; } = default!;
    }
}
