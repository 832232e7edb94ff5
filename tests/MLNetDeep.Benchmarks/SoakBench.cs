using System.Diagnostics;
using Microsoft.ML;
using MLNetDeep.Scoring;

namespace MLNetDeep.Benchmarks;

/// <summary>
/// Section g, issue 13's soak: 1,000,000 <c>PredictionEngine.Predict</c> calls on one fitted model (engines created
/// and disposed per 100 predictions, then the same calls on a pool of engines), 100 fit/dispose cycles and 1,000
/// <c>MLNetDeepScoring.LoadModel</c>/dispose cycles. Each part's memory after its first tenth is compared with its
/// memory at the end (bound: 5% or 20 MB), and the temporary files it left are counted. The section points TMPDIR and
/// the context's TempFilePath at a private folder for its duration, so that files other processes write to the
/// shared temporary folder do not count; it deletes that folder at the end.
/// </summary>
internal static class SoakBench
{
    private const int Predictions = 1_000_000;
    private const int PredictionsPerEngine = 100;
    private const int PoolSize = 4;
    private const int FitCycles = 100;
    private const int LoadCycles = 1_000;

    public static void Run()
    {
        Report.Section("h. Soak (issue 13): memory after the first tenth vs at the end; bound 5% or 20 MB");
        string sharedTemp = Path.GetTempPath();
        string privateTemp = Directory.CreateTempSubdirectory("mlnetdeep-soak-").FullName;
        string? oldTmpDir = Environment.GetEnvironmentVariable("TMPDIR");
        Environment.SetEnvironmentVariable("TMPDIR", privateTemp);
        try
        {
            Console.WriteLine($"  temporary folder for the section: {Path.GetTempPath()}");
            RunParts(privateTemp, sharedTemp);
        }
        finally
        {
            Environment.SetEnvironmentVariable("TMPDIR", oldTmpDir);
            Directory.Delete(privateTemp, recursive: true);
        }
    }

    private static void RunParts(string privateTemp, string sharedTemp)
    {
        var total = Stopwatch.StartNew();
        var ml = new MLContext(seed: 1) { TempFilePath = privateTemp };
        IDataView train = ml.Data.LoadFromEnumerable(SoakData.Rows(2_000, seed: 1));
        IDataView tiny = ml.Data.LoadFromEnumerable(SoakData.Rows(256, seed: 3));
        SoakRow[] queries = SoakData.Rows(1_000, seed: 2);
        var model = SoakData.Fit(ml, train, [16], epochs: 2, seed: 1);
        string zip = Path.Combine(privateTemp, "soak-model.zip");
        ml.Model.Save(model, train.Schema, zip);
        float[] expected = Warmup(ml, model, zip, queries);
        Console.WriteLine($"  model: 8 features, [16] hidden, 2 epochs on 2,000 synthetic rows; {queries.Length:N0} query rows, "
            + $"set up in {total.Elapsed.TotalSeconds:F1} s");

        var results = new List<SoakResult>();
        double perEngineSum = 0, pooledSum = 0;
        results.Add(SoakPart.Run("1a", $"{Predictions:N0} Predict calls on the fitted model, a new engine per {PredictionsPerEngine} (disposed)",
            Predictions / PredictionsPerEngine, i =>
            {
                using var engine = ml.Model.CreatePredictionEngine<SoakRow, SoakScore>(model);
                for (int k = 0; k < PredictionsPerEngine; k++)
                    perEngineSum += engine.Predict(queries[(i * PredictionsPerEngine + k) % queries.Length]).Probability;
            }, privateTemp, sharedTemp));

        var pool = Enumerable.Range(0, PoolSize).Select(_ => ml.Model.CreatePredictionEngine<SoakRow, SoakScore>(model)).ToArray();
        results.Add(SoakPart.Run("1b", $"{Predictions:N0} Predict calls on the fitted model through a pool of {PoolSize} engines",
            Predictions / PredictionsPerEngine, i =>
            {
                var engine = pool[i % PoolSize];
                for (int k = 0; k < PredictionsPerEngine; k++)
                    pooledSum += engine.Predict(queries[(i * PredictionsPerEngine + k) % queries.Length]).Probability;
            }, privateTemp, sharedTemp));
        foreach (var engine in pool) engine.Dispose();
        Console.WriteLine($"  sum of the probabilities: {perEngineSum:R} (1a), {pooledSum:R} (1b): {(perEngineSum == pooledSum ? "identical" : "DIFFERENT")}");

        results.Add(SoakPart.Run("2", $"{FitCycles} fit/dispose cycles (256 rows, [8] hidden, 1 epoch; one prediction; Dispose, ReleaseSession)",
            FitCycles, i =>
            {
                var fitted = SoakData.Fit(ml, tiny, [8], epochs: 1, seed: 100 + i);
                using (var engine = ml.Model.CreatePredictionEngine<SoakRow, SoakScore>(fitted))
                    _ = engine.Predict(queries[i % queries.Length]);
                fitted.Dispose();
                fitted.ReleaseSession();
            }, privateTemp, sharedTemp));

        int mismatches = 0;
        var failures = new List<string>();
        results.Add(SoakPart.Run("3", $"{LoadCycles:N0} LoadModel cycles (one prediction; engine and model disposed, ReleaseSession)",
            LoadCycles, i =>
            {
                SharedSessionModel loaded;
                try
                {
                    loaded = MLNetDeepScoring.LoadModel(ml, zip, out _);
                }
                catch (InvalidModelException e)
                {
                    // Seen about once in 10,000 loads of the same valid zip: ONNX Runtime's "model verification failed".
                    failures.Add($"load {i}: {e.InnerException?.GetBaseException().Message ?? e.Message}");
                    return;
                }
                using (var engine = ml.Model.CreatePredictionEngine<SoakRow, SoakScore>(loaded))
                {
                    if (engine.Predict(queries[i % queries.Length]).Probability != expected[i % queries.Length]) mismatches++;
                }
                loaded.Dispose();
                loaded.ReleaseSession();
            }, privateTemp, sharedTemp));
        Console.WriteLine($"  reloaded predictions that differ from the fitted model's: {mismatches} of {LoadCycles:N0}");
        Console.WriteLine($"  loads that failed: {failures.Count} of {LoadCycles:N0}{string.Concat(failures.Select(f => "\n    " + f))}");

        model.ReleaseSession();
        Summarize(results, total.Elapsed.TotalSeconds);
    }

    /// <summary>JIT, native libraries and ONNX Runtime loaded once; returns the fitted model's probability per query row.</summary>
    private static float[] Warmup(MLContext ml, DeepMlpTransformer model, string zip, SoakRow[] queries)
    {
        float[] expected;
        using (var engine = ml.Model.CreatePredictionEngine<SoakRow, SoakScore>(model))
            expected = queries.Select(q => engine.Predict(q).Probability).ToArray();
        var loaded = MLNetDeepScoring.LoadModel(ml, zip, out _);
        using (var engine = ml.Model.CreatePredictionEngine<SoakRow, SoakScore>(loaded))
            _ = engine.Predict(queries[0]);
        loaded.ReleaseSession();
        return expected;
    }

    private static void Summarize(List<SoakResult> results, double seconds)
    {
        Console.WriteLine();
        Console.WriteLine($"  summary ({seconds:F0} s in all; load average {Report.LoadAverage()}):");
        foreach (var r in results)
        {
            Console.WriteLine($"    {r.Name,-3} working set {r.Tenth.WorkingSet:F0} -> {r.End.WorkingSet:F0} MB, private resident {r.Tenth.PrivateResident:F0} -> "
                + $"{r.End.PrivateResident:F0} MB, GC heap {r.Tenth.GcHeap:F1} -> {r.End.GcHeap:F1} MB (private virtual {r.Tenth.PrivateVirtual:F0} -> "
                + $"{r.End.PrivateVirtual:F0} MB); {r.Seconds:F0} s; temp files left {r.TempFilesLeft}; {(r.Passed ? "PASS" : "FAIL")}");
        }
    }
}
