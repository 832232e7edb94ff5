using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Tests.Trainers;

namespace MLNetDeep.Tests.Evaluation.Ensembles;

/// <summary>Tiny pipelines and readers shared by the cross-validation ensemble tests.</summary>
internal static class EnsembleFixtures
{
    public const int Folds = 3;
    public const int Seed = 7;

    /// <summary>An in-place normalizer that moves [-1, 1] to [0, 1], then a small DeepMlp.</summary>
    public static IEstimator<ITransformer> NormalizedBinaryDeepMlp(MLContext ml) =>
        ml.Transforms.NormalizeMinMax("Features", fixZero: false)
            .Append(ml.BinaryClassification.Trainers.DeepMlp(hiddenLayerSizes: [8], numberOfEpochs: 3, seed: 1));

    /// <summary>Each fold's held-out rows, as ML.NET's CrossValidate cuts them with the same seed.</summary>
    public static IReadOnlyList<IDataView> HeldOut(MLContext ml, IDataView data) =>
        [.. ml.Data.CrossValidationSplit(data, Folds, seed: Seed).Select(s => s.TestSet)];

    public static float[] Column(IDataView view, string name) => [.. view.GetColumn<float>(view.Schema[name])];

    public static bool[] Booleans(IDataView view, string name) => [.. view.GetColumn<bool>(view.Schema[name])];

    public static uint[] Keys(IDataView view, string name) => [.. view.GetColumn<uint>(view.Schema[name])];

    public static float[][] Vectors(IDataView view, string name) => [.. view.GetColumn<float[]>(view.Schema[name])];

    /// <summary>The element-wise mean of one column over the fold models' outputs on <paramref name="data"/>.</summary>
    public static float[] MeanOverFolds(IReadOnlyList<ITransformer> folds, IDataView data, string column)
    {
        var perFold = folds.Select(f => Column(f.Transform(data), column)).ToList();
        return [.. Enumerable.Range(0, perFold[0].Length).Select(i => perFold.Average(p => p[i]))];
    }

    public static void AssertClose(float[] expected, float[] actual, double tolerance, string what)
    {
        Assert.HasCount(expected.Length, actual, what);
        for (int i = 0; i < expected.Length; i++)
            Assert.AreEqual(expected[i], actual[i], tolerance, $"{what}, row {i}");
    }

    public static void AssertNoIntermediateColumns(DataViewSchema schema) =>
        Assert.IsFalse(schema.Any(c => c.Name.StartsWith("MLNetDeep.v1.", StringComparison.Ordinal)),
            "intermediate columns left: " + string.Join(", ", schema.Select(c => c.Name)));

    public static IDataView Binary(MLContext ml, int rows, int seed) => SyntheticData.Binary(ml, rows, seed);
}
