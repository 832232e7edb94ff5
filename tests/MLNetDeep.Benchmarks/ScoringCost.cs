using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Examples;

namespace MLNetDeep.Benchmarks;

/// <summary>
/// Section b: bulk Transform throughput and PredictionEngine latency on Spambase test rows, for the DeepMlp pipeline
/// in process and after save/reload, beside FastTree's. Repetitions interleave the models; medians are reported.
/// </summary>
internal static class ScoringCost
{
    private const int Repetitions = 7;

    public static void Run()
    {
        Report.Section("b. Scoring cost (Spambase test rows, 80/20 split)");
        var ml = new MLContext(seed: 1);
        var (raw, preprocessing) = BundledDatasets.Spambase(ml);
        var split = ml.Data.TrainTestSplit(raw, testFraction: 0.2, seed: 1);
        IDataView test = ml.Data.Cache(split.TestSet);
        SpamRow[] rows = ml.Data.CreateEnumerable<SpamRow>(test, reuseRowObject: false).ToArray();

        var deep = preprocessing.Append(ml.BinaryClassification.Trainers.DeepMlp(seed: 1)).Fit(split.TrainSet);
        var tree = preprocessing.Append(ml.BinaryClassification.Trainers.FastTree()).Fit(split.TrainSet);
        (string Name, ITransformer Model)[] models =
        [
            ("DeepMlp, in process", deep),
            ("DeepMlp, saved and reloaded", Reload(ml, deep, split.TrainSet.Schema)),
            ("FastTree, in process", tree),
            ("FastTree, saved and reloaded", Reload(ml, tree, split.TrainSet.Schema)),
        ];
        var engines = models.Select(m => ml.Model.CreatePredictionEngine<SpamRow, SpamScore>(m.Model)).ToArray();

        var (bulk, single) = ScoringTimer.Interleaved([.. models.Select(m => m.Model)], engines, test, rows, Repetitions);

        Console.WriteLine($"  {rows.Length} test rows; bulk = Transform + a cursor reading Score, Probability, PredictedLabel ({ScoringTimer.BulkPasses} passes);");
        Console.WriteLine($"  engine = PredictionEngine.Predict per row. Medians of {Repetitions} interleaved repetitions.");
        Console.WriteLine($"  {"model",-30} {"bulk rows/s",12} {"engine µs/row",14}");
        for (int m = 0; m < models.Length; m++)
            Console.WriteLine($"  {models[m].Name,-30} {Report.Median(bulk[m]),12:N0} {Report.Median(single[m]),14:F1}");

        foreach (var engine in engines) engine.Dispose();
        (deep.LastTransformer as IDisposable)?.Dispose();
    }

    private static ITransformer Reload(MLContext ml, ITransformer model, DataViewSchema schema)
    {
        using var stream = new MemoryStream();
        ml.Model.Save(model, schema, stream);
        stream.Position = 0;
        return ml.Model.Load(stream, out _);
    }

    /// <summary>One raw Spambase row.</summary>
    private sealed class SpamRow
    {
        [VectorType(57)]
        public float[] Raw { get; set; } = [];

        [ColumnName("type")]
        public string Type { get; set; } = string.Empty;
    }

    /// <summary>The binary prediction columns.</summary>
    private sealed class SpamScore
    {
        public float Score { get; set; }
        public float Probability { get; set; }
        public bool PredictedLabel { get; set; }
    }
}
