using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Examples;
using MLNetDeep.Scoring;

namespace MLNetDeep.Benchmarks;

/// <summary>
/// Section "serving" (also run by "scoring"): issue 19's 7-feature binary table, the first 7 Spambase columns
/// (word_freq_make … word_freq_remove) with the spam label, 80/20 split. DeepMlp with default options in process and
/// saved + <see cref="MLNetDeepScoring.LoadModel(MLContext, string, out DataViewSchema, LoadModelOptions?)"/>, beside
/// FastTree in process and saved + reloaded: PredictionEngine µs/row and bulk Transform rows/s, medians of interleaved
/// repetitions, with PASS/FAIL against the target (DeepMlp at least as fast as FastTree, in process and reloaded alike)
/// and the largest in-process/reloaded score difference (target 1e-5).
/// </summary>
internal static class ServingCost
{
    private const int Features = 7;
    private const int Repetitions = 7;
    private static readonly int[] SmallNetwork = [64, 32];

    public static void Run()
    {
        Report.Section($"b2. Serving cost ({Features}-feature binary table: the first {Features} Spambase columns, 80/20 split)");
        Console.WriteLine($"  load average before: {Report.LoadAverage()}");
        var ml = new MLContext(seed: 1);
        IDataView raw = ml.Data.CreateTextLoader(
            [new TextLoader.Column("Raw", DataKind.Single, 0, Features - 1), new TextLoader.Column("type", DataKind.String, 57)],
            separatorChar: ',', hasHeader: true, allowQuoting: true).Load(BundledDatasets.PathOf("spambase.csv"));
        var preprocessing = ml.Transforms.Conversion.MapValue("Label", new Dictionary<string, bool> { ["spam"] = true, ["nonspam"] = false }, "type")
            .Append(ml.Transforms.Concatenate("Features", "Raw"))
            .Append(ml.Transforms.NormalizeMeanVariance("Features"));
        var split = ml.Data.TrainTestSplit(raw, testFraction: 0.2, seed: 1);
        IDataView test = ml.Data.Cache(split.TestSet);
        NarrowRow[] rows = ml.Data.CreateEnumerable<NarrowRow>(test, reuseRowObject: false).ToArray();

        var deep = preprocessing.Append(ml.BinaryClassification.Trainers.DeepMlp(seed: 1)).Fit(split.TrainSet);
        var small = preprocessing.Append(ml.BinaryClassification.Trainers.DeepMlp(new DeepMlpBinaryTrainer.Options { HiddenLayerSizes = SmallNetwork, Seed = 1 })).Fit(split.TrainSet);
        var tree = preprocessing.Append(ml.BinaryClassification.Trainers.FastTree()).Fit(split.TrainSet);
        string folder = Directory.CreateTempSubdirectory("mlnetdeep-serving-").FullName;
        try
        {
            string deepZip = Path.Combine(folder, "deep.zip");
            MLNetDeepScoring.SaveModel(ml, deep, split.TrainSet.Schema, deepZip);
            using SharedSessionModel deepLoaded = MLNetDeepScoring.LoadModel(ml, deepZip, out _);
            (string Name, ITransformer Model)[] models =
            [
                ("DeepMlp, in process", deep),
                ("DeepMlp, LoadModel", deepLoaded),
                ("FastTree, in process", tree),
                ("FastTree, saved and reloaded", Reload(ml, tree, split.TrainSet.Schema)),
                ("DeepMlp [64, 32], in process", small),
            ];
            Measure(ml, models, test, rows);
            Console.WriteLine($"  largest |in-process − LoadModel| score difference: {LargestDifference(ml, deep, deepLoaded, test):G3} (target ≤ 1e-5)");
            ServingLevers.Run(ml, deep, deepZip, test, rows);
            deepLoaded.ReleaseSession();
        }
        finally
        {
            (deep.LastTransformer as IDisposable)?.Dispose();
            Directory.Delete(folder, recursive: true);
        }

        Console.WriteLine($"  load average after: {Report.LoadAverage()}");
    }

    /// <summary>Prints the medians of interleaved repetitions and the verdict (models: DeepMlp in process and loaded, FastTree in process and reloaded, then optionally a smaller DeepMlp).</summary>
    internal static void Measure(MLContext ml, (string Name, ITransformer Model)[] models, IDataView test, NarrowRow[] rows)
    {
        var engines = models.Select(m => ml.Model.CreatePredictionEngine<NarrowRow, BinaryScore>(m.Model, new PredictionEngineOptions { OwnsTransformer = false })).ToArray();
        var (bulk, single) = ScoringTimer.Interleaved([.. models.Select(m => m.Model)], engines, test, rows, Repetitions);

        Console.WriteLine($"  {rows.Length} test rows; bulk = Transform + a cursor reading Score, Probability, PredictedLabel ({ScoringTimer.BulkPasses} passes);");
        Console.WriteLine($"  engine = PredictionEngine.Predict per row. Medians of {Repetitions} interleaved repetitions (min–max in brackets).");
        Console.WriteLine($"  {"model",-34} {"bulk rows/s",24} {"engine µs/row",22}");
        for (int m = 0; m < models.Length; m++)
        {
            Console.WriteLine($"  {models[m].Name,-34} {Report.Median(bulk[m]),8:N0} [{bulk[m].Min(),6:N0}–{bulk[m].Max(),6:N0}] " +
                $"{Report.Median(single[m]),8:F1} [{single[m].Min(),5:F1}–{single[m].Max(),5:F1}]");
        }

        foreach ((int deep, int tree) in new[] { (0, 2), (1, 3), (4, 2) }.Where(p => p.Item1 < models.Length))
        {
            bool latency = Report.Median(single[deep]) <= Report.Median(single[tree]);
            bool throughput = Report.Median(bulk[deep]) >= Report.Median(bulk[tree]);
            Console.WriteLine($"  {models[deep].Name} vs {models[tree].Name}: latency {(latency ? "PASS" : "FAIL")}, throughput {(throughput ? "PASS" : "FAIL")}");
        }

        foreach (var engine in engines) engine.Dispose();
    }

    private static ITransformer Reload(MLContext ml, ITransformer model, DataViewSchema schema)
    {
        using var stream = new MemoryStream();
        ml.Model.Save(model, schema, stream);
        stream.Position = 0;
        return ml.Model.Load(stream, out _);
    }

    private static double LargestDifference(MLContext ml, ITransformer a, ITransformer b, IDataView test)
    {
        float[] Scores(ITransformer model) => [.. ml.Data.CreateEnumerable<BinaryScore>(model.Transform(test), reuseRowObject: false).Select(s => s.Score)];
        float[] x = Scores(a), y = Scores(b);
        return x.Zip(y, (p, q) => Math.Abs((double)p - q)).Max();
    }

    /// <summary>One raw row of the 7-feature table.</summary>
    internal sealed class NarrowRow
    {
        [VectorType(Features)]
        public float[] Raw { get; set; } = [];

        [ColumnName("type")]
        public string Type { get; set; } = string.Empty;
    }

    /// <summary>The binary prediction columns.</summary>
    internal sealed class BinaryScore
    {
        public float Score { get; set; }
        public float Probability { get; set; }
        public bool PredictedLabel { get; set; }
    }
}
