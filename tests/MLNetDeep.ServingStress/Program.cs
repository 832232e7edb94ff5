using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep;
using MLNetDeep.Scoring;

// Usage: MLNetDeep.ServingStress <fitted|loadmodel|plain-not-owned|plain-owned> [predictions] [threads] [per-engine]
// Trains a small binary DeepMlp, then scores `predictions` rows on `threads` threads, creating and disposing one
// PredictionEngine per `per-engine` predictions (the "engine per request" habit), against: the fitted model
// (fitted), the zip loaded with MLNetDeepScoring.LoadModel (loadmodel), plain Model.Load with OwnsTransformer = false
// (plain-not-owned), or plain Model.Load with ML.NET's default OwnsTransformer = true (plain-owned: the hazard, which
// must fail). Every score must equal, bit for bit, the single-threaded score of the same row, and the model must still
// score through Transform afterwards. Exit 0 and one summary line when all holds, 1 otherwise.
if (args.Length < 1 || args[0] is not ("fitted" or "loadmodel" or "plain-not-owned" or "plain-owned"))
{
    Console.Error.WriteLine("Usage: MLNetDeep.ServingStress <fitted|loadmodel|plain-not-owned|plain-owned> [predictions] [threads] [per-engine]");
    return 2;
}
string mode = args[0];
int predictions = args.Length > 1 ? int.Parse(args[1]) : 100_000;
int threads = args.Length > 2 ? int.Parse(args[2]) : 8;
int perEngine = args.Length > 3 ? int.Parse(args[3]) : 10;

var ml = new MLContext(seed: 1);
var random = new Random(1);
Row[] rows = [.. Enumerable.Range(0, 1000).Select(_ => new Row { Features = [.. Enumerable.Range(0, Row.Size).Select(_ => (float)((random.NextDouble() * 2) - 1))] })];
var training = ml.Data.LoadFromEnumerable(rows.Select(r => new LabeledRow { Features = r.Features, Label = r.Features[0] + r.Features[1] > 0 }));
var fitted = ml.BinaryClassification.Trainers.DeepMlp(hiddenLayerSizes: [16], numberOfEpochs: 2).Fit(training);

string folder = Directory.CreateTempSubdirectory("mlnetdeep-stress-").FullName;
try
{
    ITransformer model = fitted;
    PredictionEngineOptions? engineOptions = null;
    if (mode != "fitted")
    {
        string path = Path.Combine(folder, "model.zip");
        ml.Model.Save(fitted, training.Schema, path);
        model = mode == "loadmodel" ? MLNetDeepScoring.LoadModel(ml, path, out _) : ml.Model.Load(path, out _);
        engineOptions = mode == "plain-not-owned" ? new PredictionEngineOptions { OwnsTransformer = false } : null;
    }

    float[] expected;
    using (var single = ml.Model.CreatePredictionEngine<Row, Prediction>(model, engineOptions ?? new PredictionEngineOptions { OwnsTransformer = false }))
        expected = [.. rows.Select(r => single.Predict(r).Score)];

    var clock = Stopwatch.StartNew();
    int mismatches = 0, engines = 0, done = 0;
    Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, thread =>
    {
        for (int start = thread * perEngine; start < predictions; start += threads * perEngine)
        {
            using var engine = engineOptions is null
                ? ml.Model.CreatePredictionEngine<Row, Prediction>(model)
                : ml.Model.CreatePredictionEngine<Row, Prediction>(model, engineOptions);
            Interlocked.Increment(ref engines);
            for (int i = start; i < Math.Min(start + perEngine, predictions); i++)
            {
                float score = engine.Predict(rows[i % rows.Length]).Score;
                if (BitConverter.SingleToInt32Bits(score) != BitConverter.SingleToInt32Bits(expected[i % rows.Length]))
                    Interlocked.Increment(ref mismatches);
                Interlocked.Increment(ref done);
            }
        }
    });

    float[] afterwards = [.. model.Transform(ml.Data.LoadFromEnumerable(rows)).GetColumn<float>("Score")];
    bool transformSame = afterwards.SequenceEqual(expected);
    Console.WriteLine($"{mode}: {done} predictions on {threads} threads through {engines} engines in {clock.Elapsed.TotalSeconds:F1} s; "
        + $"{mismatches} differ from the single-threaded scores; Transform afterwards {(transformSame ? "gives the same scores" : "DIFFERS")}.");
    return mismatches == 0 && transformSame && done == predictions ? 0 : 1;
}
finally
{
    Directory.Delete(folder, recursive: true);
}

internal class Row
{
    public const int Size = 8;

    [VectorType(Size)]
    public float[] Features { get; set; } = [];
}

internal sealed class LabeledRow : Row
{
    public bool Label { get; set; }
}

internal sealed class Prediction
{
    public float Score { get; set; }
    public float Probability { get; set; }
    public bool PredictedLabel { get; set; }
}
