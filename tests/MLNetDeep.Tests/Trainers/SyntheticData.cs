using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Tests.Trainers;

/// <summary>Tiny seeded datasets with a known rule, for fast trainer tests.</summary>
internal static class SyntheticData
{
    public const int FeatureCount = 4;

    public sealed class BinaryRow
    {
        [VectorType(FeatureCount)] public float[] Features { get; set; } = [];
        public bool Label { get; set; }
        public float Weight { get; set; } = 1;
    }

    public sealed class ClassRow
    {
        [VectorType(FeatureCount)] public float[] Features { get; set; } = [];
        public string Class { get; set; } = "";
    }

    public sealed class RegressionRow
    {
        [VectorType(FeatureCount)] public float[] Features { get; set; } = [];
        public float Label { get; set; }
    }

    /// <summary>Label = x0 + 0.5·x1 &gt; 0.</summary>
    public static IDataView Binary(MLContext ml, int rows, int seed = 1) =>
        ml.Data.LoadFromEnumerable(Features(rows, seed).Select(x => new BinaryRow { Features = x, Label = BinaryRule(x) }).ToList());

    /// <summary>Class = the largest of x0, x1, x2 ("a", "b", "c"), as a key column named Label.</summary>
    public static IDataView Multiclass(MLContext ml, int rows, int seed = 1)
    {
        var raw = ml.Data.LoadFromEnumerable(Features(rows, seed).Select(x => new ClassRow
        {
            Features = x,
            Class = ClassRule(x),
        }).ToList());
        return ml.Transforms.Conversion.MapValueToKey("Label", "Class").Fit(raw).Transform(raw);
    }

    /// <summary>Label = 3·x0 − 2·x1 + 10.</summary>
    public static IDataView Regression(MLContext ml, int rows, int seed = 1) =>
        ml.Data.LoadFromEnumerable(Features(rows, seed).Select(x => new RegressionRow { Features = x, Label = RegressionRule(x) }).ToList());

    public static bool BinaryRule(float[] x) => x[0] + (0.5f * x[1]) > 0;

    public static string ClassRule(float[] x) => x[0] >= x[1] && x[0] >= x[2] ? "a" : x[1] >= x[2] ? "b" : "c";

    public static float RegressionRule(float[] x) => (3 * x[0]) - (2 * x[1]) + 10;

    public static List<float[]> Features(int rows, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, rows)
            .Select(_ => Enumerable.Range(0, FeatureCount).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray())
            .ToList();
    }

    /// <summary>The Score column (scalar or vector) of every row, flattened.</summary>
    public static float[] Scores(IDataView scored)
    {
        var column = scored.Schema["Score"];
        if (column.Type is VectorDataViewType)
            return scored.GetColumn<float[]>(column).SelectMany(v => v).ToArray();
        return scored.GetColumn<float>(column).ToArray();
    }
}
