using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Onnx;
using MLNetDeep.Snapshots;
using MLNetDeep.Tests.Onnx;

namespace MLNetDeep.Tests.Persistence;

/// <summary>
/// Prediction columns as rows of numbers, in the format MLNetDeep.ScoringHost writes: binary Score, Probability,
/// PredictedLabel (1/0); multiclass the Score slots then the PredictedLabel key (1-based raw value); regression Score.
/// </summary>
internal static class ScoredRows
{
    public static string TaskName(PredictionTask head) => head switch
    {
        BinaryClassificationTask => "binary",
        MulticlassClassificationTask => "multiclass",
        _ => "regression",
    };

    public static List<double[]> Read(IDataView scored, string task) => task switch
    {
        "binary" => scored.GetColumn<float>("Score").Zip(scored.GetColumn<float>("Probability"), scored.GetColumn<bool>("PredictedLabel"))
            .Select(t => new double[] { t.First, t.Second, t.Third ? 1 : 0 }).ToList(),
        "multiclass" => scored.GetColumn<float[]>("Score").Zip(scored.GetColumn<uint>("PredictedLabel"))
            .Select(t => t.First.Select(v => (double)v).Append(t.Second).ToArray()).ToList(),
        _ => scored.GetColumn<float>("Score").Select(s => new double[] { s }).ToList(),
    };

    public static IEnumerable<string> Format(IEnumerable<double[]> rows, string path) =>
        rows.Select((r, i) => string.Join('\t', new[] { path, i.ToString(CultureInfo.InvariantCulture) }
            .Concat(r.Select(v => ((float)v).ToString("R", CultureInfo.InvariantCulture)))));

    /// <summary>The rows of one path ("transform" or "engine") of a ScoringHost output file.</summary>
    public static List<double[]> Parse(IEnumerable<string> lines, string path) => lines
        .Select(l => l.Split('\t'))
        .Where(f => f[0] == path)
        .OrderBy(f => int.Parse(f[1], CultureInfo.InvariantCulture))
        .Select(f => f.Skip(2).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())
        .ToList();

    public static void AssertEqual(IReadOnlyList<double[]> expected, IReadOnlyList<double[]> actual, string what)
    {
        Assert.HasCount(expected.Count, actual, $"{what}: row count");
        for (int r = 0; r < expected.Count; r++)
        {
            Assert.HasCount(expected[r].Length, actual[r], $"{what}: row {r} width");
            for (int c = 0; c < expected[r].Length; c++)
            {
                Close.Assert(expected[r][c], actual[r][c], $"{what}: row {r} column {c}");
            }
        }
    }
}
