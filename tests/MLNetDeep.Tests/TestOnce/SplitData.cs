using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Tests.TestOnce;

/// <summary>One row of the test-once and leakage tests: an id, a group, a text column and three features with binary, regression and class labels.</summary>
internal sealed class SplitRow
{
    public int Id { get; set; }

    public string Group { get; set; } = "";

    public string Color { get; set; } = "";

    public float A { get; set; }

    public float B { get; set; }

    public float C { get; set; }

    /// <summary>A + 0.5·B &gt; 0.</summary>
    public bool Label { get; set; }

    /// <summary>3·A − 2·B + 10 plus noise.</summary>
    public float Target { get; set; }

    /// <summary>"a" for half the rows, "b" for 30%, "c" for 20% (by id).</summary>
    public string Class { get; set; } = "";

    /// <summary>The binary label as 0/1: a feature that leaks it.</summary>
    public float LabelCopy { get; set; }
}

internal static class SplitData
{
    private static readonly string[] Colors = ["red", "green", "blue"];

    /// <param name="count">Rows.</param>
    /// <param name="seed">Seed of the feature values.</param>
    /// <param name="firstId">Id (and group numbering start) of the first row.</param>
    /// <param name="groups">Distinct groups: row id modulo this.</param>
    public static List<SplitRow> Rows(int count, int seed, int firstId = 0, int groups = 20)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(firstId, count).Select(id =>
        {
            float a = (float)((random.NextDouble() * 2) - 1), b = (float)((random.NextDouble() * 2) - 1), c = (float)((random.NextDouble() * 2) - 1);
            return new SplitRow
            {
                Id = id, Group = $"g{id % groups}", Color = Colors[id % 3], A = a, B = b, C = c,
                Label = a + (0.5f * b) > 0, Target = (3 * a) - (2 * b) + 10 + (float)(random.NextDouble() * 0.1),
                Class = (id % 10) < 5 ? "a" : (id % 10) < 8 ? "b" : "c",
                LabelCopy = a + (0.5f * b) > 0 ? 1 : 0,
            };
        })];
    }

    /// <summary>The rows with "Features" = Concatenate(A, B, C) (slot names A, B, C).</summary>
    public static IDataView Featurized(MLContext ml, IEnumerable<SplitRow> rows, params string[] features)
    {
        var data = ml.Data.LoadFromEnumerable(rows.ToList());
        return ml.Transforms.Concatenate("Features", features.Length == 0 ? ["A", "B", "C"] : features).Fit(data).Transform(data);
    }

    public static int[] Ids(IDataView view) => [.. view.GetColumn<int>("Id")];
}
