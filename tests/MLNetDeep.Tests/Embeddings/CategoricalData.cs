using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Tests.Embeddings;

/// <summary>Synthetic rows whose label comes mostly from a categorical column: which levels are "hot" decides it.</summary>
internal static class CategoricalData
{
    /// <summary>One row: two numeric features, a level name and the three task labels.</summary>
    public sealed class Row
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public string Level { get; set; } = string.Empty;

        public bool Label { get; set; }

        public string Class { get; set; } = string.Empty;

        public float Target { get; set; }
    }

    /// <summary>
    /// <paramref name="count"/> rows over <paramref name="levels"/> levels: level i is hot when (i · 7) mod 3 == 0; the label
    /// is hot xor (a 5% flip), the class is i mod 3, the target 2·hot + x₀.
    /// </summary>
    public static Row[] Rows(int count, int levels, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            int level = random.Next(levels);
            bool hot = level * 7 % 3 == 0;
            float x0 = (float)((random.NextDouble() * 2) - 1), x1 = (float)((random.NextDouble() * 2) - 1);
            return new Row
            {
                Features = [x0, x1],
                Level = $"L{level}",
                Label = hot ^ (random.NextDouble() < 0.05),
                Class = $"C{level % 3}",
                Target = (hot ? 2 : 0) + x0,
            };
        })];
    }

    /// <summary>The rows with Level mapped to a key (fitted on <paramref name="training"/>) and the class label mapped too.</summary>
    public static (IDataView Training, ITransformer Keys) Keyed(MLContext ml, Row[] training)
    {
        IDataView view = ml.Data.LoadFromEnumerable(training);
        var keys = ml.Transforms.Conversion.MapValueToKey("Level").Append(ml.Transforms.Conversion.MapValueToKey("Class")).Fit(view);
        return (keys.Transform(view), keys);
    }
}
