using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Examples;
using MLNetDeep.Scoring;

// An existing ML.NET app that only scores: it loads a DeepMlp spambase pipeline saved by examples/MLNetDeep.Demo
// (out/model.zip), predicts a few rows with a PredictionEngine and evaluates the model with ML.NET's evaluator. It
// references MLNetDeep.Scoring and stock ML.NET only, so it cannot train and carries no TorchSharp.
// Options: --model <zip> (default out/model.zip), --data <csv> (default the bundled spambase.csv), --all-rows (evaluate
// on every row of --data instead of the 20% the demo held out).
var culture = CultureInfo.InvariantCulture;
string modelPath = Path.GetFullPath(Option("--model") ?? Path.Combine("out", "model.zip"));
string dataPath = Path.GetFullPath(Option("--data") ?? BundledDatasets.PathOf("spambase.csv"));
bool allRows = args.Contains("--all-rows");
foreach (string path in new[] { modelPath, dataPath }.Where(p => !File.Exists(p)))
{
    Console.Error.WriteLine($"{path} not found. Train and save a model first: dotnet run -c Release --project examples/MLNetDeep.Demo (it writes out/model.zip).");
    return 2;
}

// LoadModel checks the zip (manifest, assemblies, loaders, ONNX graph) before ML.NET reads it.
var ml = new MLContext(seed: 1);
SharedSessionModel model;
DataViewSchema inputSchema;
try
{
    model = MLNetDeepScoring.LoadModel(ml, modelPath, out inputSchema);
}
catch (InvalidModelException e)
{
    Console.Error.WriteLine($"{modelPath} cannot be loaded: {e.Message}");
    return 1;
}
if (SpamInput.SchemaProblem(inputSchema) is string problem)
{
    Console.Error.WriteLine($"{modelPath}: {problem}");
    return 1;
}
Console.WriteLine($"Loaded {modelPath}");
Console.WriteLine($"  input columns: {string.Join(", ", inputSchema.Select(c => $"{c.Name} ({c.Type})"))}");
foreach (string warning in model.LoadWarnings)
    Console.WriteLine($"  warning: {warning}");

// The rows the demo held out: the same file, split with the same seed (TrainTestSplit depends only on the row order).
IDataView data = ml.Data.LoadFromTextFile<SpamInput>(dataPath, separatorChar: ',', hasHeader: true, allowQuoting: true);
IDataView rows = allRows ? data : ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1).TestSet;
var examples = ml.Data.CreateEnumerable<SpamInput>(rows, reuseRowObject: false).ToList();

// One engine per thread (a PredictionEngine is not thread-safe); disposing it leaves the loaded model usable.
using (var engine = ml.Model.CreatePredictionEngine<SpamInput, SpamPrediction>(model))
{
    Console.WriteLine($"\nPredictions for 6 rows spread over the {examples.Count:N0} evaluated rows:");
    Console.WriteLine($"  {"row",5} {"actual",-8} {"predicted",-9} {"probability",11} {"score",8}");
    foreach (int i in Enumerable.Range(0, 6).Select(k => k * examples.Count / 6))
    {
        SpamPrediction p = engine.Predict(examples[i]);
        Console.WriteLine(string.Create(culture, $"  {i,5} {examples[i].Type,-8} {(p.PredictedLabel ? "spam" : "nonspam"),-9} {p.Probability,11:F4} {p.Score,8:F3}"));
    }
}

// The saved pipeline maps 'type' to the Boolean Label column itself, so the scored view has what the evaluator needs.
var metrics = ml.BinaryClassification.Evaluate(model.Transform(rows));
Console.WriteLine(allRows
    ? $"\nEvaluated on every row of {Path.GetFileName(dataPath)} ({examples.Count:N0} rows):"
    : $"\nEvaluated on the rows of {Path.GetFileName(dataPath)} that the demo held out (20%, {examples.Count:N0} rows):");
foreach (var (name, value) in new[]
{
    ("Accuracy", metrics.Accuracy), ("AreaUnderRocCurve", metrics.AreaUnderRocCurve), ("F1Score", metrics.F1Score),
    ("PositivePrecision", metrics.PositivePrecision), ("PositiveRecall", metrics.PositiveRecall), ("LogLoss", metrics.LogLoss),
})
{
    Console.WriteLine(string.Create(culture, $"  {name,-18} {value:F6}"));
}
model.ReleaseSession();
return 0;

string? Option(string name) => Array.IndexOf(args, name) is int at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
