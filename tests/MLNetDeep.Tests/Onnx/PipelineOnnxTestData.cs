using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Tests.Onnx;

/// <summary>
/// A small sample of the bundled diamonds data (every 150th row, which spans the price range) with a Boolean label and a
/// short text description added, for the whole-pipeline ONNX tests.
/// </summary>
internal static class PipelineOnnxTestData
{
    /// <summary>About 360 rows: enough for a few tiny epochs; with <paramref name="missingEvery"/>, Carat is NaN in every such row and Depth in every such row + 1.</summary>
    public static IDataView Load(MLContext mlContext, int? missingEvery = null)
    {
        string path = Path.Combine(RepositoryRoot(), "examples", "data", "diamonds.csv");
        IDataView csv = mlContext.Data.LoadFromTextFile<CsvRow>(path, separatorChar: ',', hasHeader: true, allowQuoting: true);
        DiamondRow[] rows = [.. mlContext.Data.CreateEnumerable<CsvRow>(csv, reuseRowObject: false)
            .Where((_, i) => i % 150 == 0)
            .Select(r => new DiamondRow
            {
                Carat = r.Carat, Cut = r.Cut, Color = r.Color, Clarity = r.Clarity, Depth = r.Depth, Table = r.Table, Price = r.Price,
                Expensive = r.Price > 2400f,
                Description = $"{r.Cut} cut, colour {r.Color}, clarity {r.Clarity}",
            })];
        for (int i = 0; missingEvery is { } every && i < rows.Length; i++)
        {
            if (i % every == 0)
                rows[i].Carat = float.NaN;
            if (i % every == 1)
                rows[i].Depth = float.NaN;
        }
        return mlContext.Data.LoadFromEnumerable(rows);
    }

    /// <summary>The first <paramref name="count"/> rows: the ones ONNX Runtime and Transform both score.</summary>
    public static IDataView Head(MLContext mlContext, IDataView data, int count) => mlContext.Data.TakeRows(data, count);

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MLNetDeep.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException($"MLNetDeep.sln not found above {AppContext.BaseDirectory}.");
    }

    public sealed class DiamondRow
    {
        public float Carat { get; set; }
        public string Cut { get; set; } = "";
        public string Color { get; set; } = "";
        public string Clarity { get; set; } = "";
        public float Depth { get; set; }
        public float Table { get; set; }
        public float Price { get; set; }
        public bool Expensive { get; set; }
        public string Description { get; set; } = "";
    }

    private sealed class CsvRow
    {
        [LoadColumn(0)] public float Carat { get; set; }
        [LoadColumn(1)] public string Cut { get; set; } = "";
        [LoadColumn(2)] public string Color { get; set; } = "";
        [LoadColumn(3)] public string Clarity { get; set; } = "";
        [LoadColumn(4)] public float Depth { get; set; }
        [LoadColumn(5)] public float Table { get; set; }
        [LoadColumn(9)] public float Price { get; set; }
    }
}
