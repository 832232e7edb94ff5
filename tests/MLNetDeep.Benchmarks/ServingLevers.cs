using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using MLNetDeep.Scoring;

namespace MLNetDeep.Benchmarks;

/// <summary>
/// Where a DeepMlp row's time goes in section "serving": the same zip loaded by plain <c>Model.Load</c> (ONNX Runtime's
/// default threads) and by LoadModel (one intra-op and one inter-op thread), ONNX Runtime alone (the standalone graph, one row per Run,
/// default and single-threaded sessions), so that ML.NET's per-row cost is the difference.
/// </summary>
internal static class ServingLevers
{
    private const int Repetitions = 7;

    public static void Run(MLContext ml, TransformerChain<DeepMlpTransformer<BinaryClassificationTask>> deep, string deepZip, IDataView test, ServingCost.NarrowRow[] rows)
    {
        var plainContext = new MLContext(seed: 1);
        ITransformer loaded = plainContext.Model.Load(deepZip, out _);   // ONNX Runtime's default threads
        using SharedSessionModel loadedOneThread = MLNetDeepScoring.LoadModel(ml, deepZip, out _);
        using var engine = plainContext.Model.CreatePredictionEngine<ServingCost.NarrowRow, ServingCost.BinaryScore>(loaded);
        using var engineOneThread = ml.Model.CreatePredictionEngine<ServingCost.NarrowRow, ServingCost.BinaryScore>(loadedOneThread);

        DeepMlpTransformer deepMlp = deep.LastTransformer;
        using var stream = new MemoryStream();
        deepMlp.SaveAsOnnx(stream);
        byte[] onnx = stream.ToArray();
        using var defaultSession = new InferenceSession(onnx);
        using var oneThreadOptions = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var oneThreadSession = new InferenceSession(onnx, oneThreadOptions);
        float[][] features = Features(ml, deep, test);

        var times = new List<double>[8];
        for (int i = 0; i < times.Length; i++) times[i] = [];
        for (int rep = 0; rep <= Repetitions; rep++)
        {
            double[] now =
            [
                ScoringTimer.EngineMicrosPerRow(engine, rows),
                ScoringTimer.EngineMicrosPerRow(engineOneThread, rows),
                ScoringTimer.BulkRowsPerSecond(loaded, test, rows.Length),
                ScoringTimer.BulkRowsPerSecond(loadedOneThread, test, rows.Length),
                OrtMicrosPerRow(defaultSession, deepMlp.FeatureColumnName, features),
                OrtMicrosPerRow(oneThreadSession, deepMlp.FeatureColumnName, features),
                OrtBatchMicrosPerRow(oneThreadSession, deepMlp.FeatureColumnName, features),
                ServingFloor.MicrosPerRow(deepMlp.Network.Members[0].Layers, features),
            ];
            if (rep == 0) continue;
            for (int i = 0; i < now.Length; i++) times[i].Add(now[i]);
        }

        Console.WriteLine("  Levers (medians; the zip is the one above):");
        Console.WriteLine($"    plain Model.Load (ORT's threads):   engine {Report.Median(times[0]),6:F1} µs/row, bulk {Report.Median(times[2]),8:N0} rows/s");
        Console.WriteLine($"    LoadModel (1 intra/1 inter thread): engine {Report.Median(times[1]),6:F1} µs/row, bulk {Report.Median(times[3]),8:N0} rows/s");
        Console.WriteLine($"    ONNX Runtime alone, 1 row per Run:  default session {Report.Median(times[4]),6:F1} µs, 1 intra/1 inter thread {Report.Median(times[5]),6:F1} µs");
        Console.WriteLine($"    ONNX Runtime alone, all {features.Length} rows in one Run (1 thread): {Report.Median(times[6]),6:F1} µs/row");
        Console.WriteLine($"    the dense layers' arithmetic alone (managed SIMD, one row at a time): {Report.Median(times[7]),6:F1} µs/row");
        Console.WriteLine($"    graph: {OnnxNodes(onnx)};  dense layers {string.Join(" → ", deepMlp.Network.Members[0].Layers.OfType<MLNetDeep.Snapshots.DenseLayer>().Select(d => $"{d.Inputs}×{d.Outputs}"))}");
        loadedOneThread.ReleaseSession();
    }

    /// <summary>The normalized feature vectors of the test rows (what the network reads).</summary>
    private static float[][] Features(MLContext ml, TransformerChain<DeepMlpTransformer<BinaryClassificationTask>> deep, IDataView test)
    {
        IDataView normalized = deep.Take(deep.Count() - 1).Aggregate(test, (view, t) => t.Transform(view));
        return [.. ml.Data.CreateEnumerable<FeatureRow>(normalized, reuseRowObject: false).Select(r => r.Features)];
    }

    private static double OrtMicrosPerRow(InferenceSession session, string inputName, float[][] rows)
    {
        string[] inputs = [inputName];
        string[] outputs = [.. session.OutputNames];
        using var runOptions = new RunOptions();
        var clock = Stopwatch.StartNew();
        foreach (float[] row in rows)
        {
            using var value = OrtValue.CreateTensorValueFromMemory(row, [1, row.Length]);
            using var results = session.Run(runOptions, inputs, [value], outputs);
        }
        return clock.Elapsed.TotalMicroseconds / rows.Length;
    }

    private static double OrtBatchMicrosPerRow(InferenceSession session, string inputName, float[][] rows)
    {
        float[] all = [.. rows.SelectMany(r => r)];
        using var runOptions = new RunOptions();
        var clock = Stopwatch.StartNew();
        using var value = OrtValue.CreateTensorValueFromMemory(all, [rows.Length, rows[0].Length]);
        using var results = session.Run(runOptions, [inputName], [value], [.. session.OutputNames]);
        return clock.Elapsed.TotalMicroseconds / rows.Length;
    }

    private static string OnnxNodes(byte[] onnx)
    {
        var nodes = global::Onnx.ModelProto.Parser.ParseFrom(onnx).Graph.Node;
        return $"{nodes.Count} nodes ({string.Join(" ", nodes.Select(n => n.OpType))})";
    }

    private sealed class FeatureRow
    {
        public float[] Features { get; set; } = [];
    }
}
