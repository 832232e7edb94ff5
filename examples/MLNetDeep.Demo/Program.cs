using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep;
using MLNetDeep.Examples;
using MLNetDeep.Plots;
using MLNetDeep.Scoring;

// MLNetDeep demo: DeepMlp with default options next to FastTree and LightGBM, on the bundled Spambase data (80/20 split), then
// save the DeepMlp pipeline and its training history (CSV, JSON, PNG plots), load it back, check it against the trained
// pipeline and predict a few rows. `--all` adds Satellite (multiclass) and Diamonds (regression) with the same three
// models and reports; `--epochs N` trains DeepMlp for N epochs instead of the default 40. Output files go to ./out.
const int Seed = 1;
bool all = args.Contains("--all");
int epochs = ExampleOptions.Integer(args, "--epochs", DeepMlpDefaults.NumberOfEpochs);
var ml = new MLContext(seed: Seed);

Console.WriteLine("== Spambase (binary classification, 57 features) ==");
var (spamData, spamPrep) = BundledDatasets.Spambase(ml);
var spamSplit = ml.Data.TrainTestSplit(spamData, testFraction: 0.2, seed: Seed);

// DeepMlp's seed comes from the MLContext; its progress shows as a bar (plain lines when output is redirected).
// ValidationFraction holds out 10% of the training rows (DeepMlp trains on the other 90%, the trees on all of them), so
// the history has a validation loss and accuracy per epoch.
var treePipeline = spamPrep.Append(ml.BinaryClassification.Trainers.FastTree());
var lightGbmPipeline = spamPrep.Append(ml.BinaryClassification.Trainers.LightGbm());
var (deepModel, deepTime) = Timed(() => TrainingProgressDisplay.Run("DeepMlp on spambase", progress => spamPrep
    .Append(ml.BinaryClassification.Trainers.DeepMlp(new DeepMlpBinaryTrainer.Options { NumberOfEpochs = epochs, ValidationFraction = 0.1, Progress = progress }))
    .Fit(spamSplit.TrainSet)));
var (treeModel, treeTime) = Timed(() => treePipeline.Fit(spamSplit.TrainSet));
var (lightGbmModel, lightGbmTime) = Timed(() => lightGbmPipeline.Fit(spamSplit.TrainSet));

// One report per model (ML.NET's metrics plus balanced accuracy), side by side; each report also has its confusion matrix.
Console.WriteLine(MetricsComparison.Binary(ml,
    ("DeepMlp", deepModel.Transform(spamSplit.TestSet)),
    ("FastTree", treeModel.Transform(spamSplit.TestSet)),
    ("LightGbm", lightGbmModel.Transform(spamSplit.TestSet))));
Console.WriteLine(FormattableString.Invariant($"Fit time (s): DeepMlp {deepTime.TotalSeconds:F1}, FastTree {treeTime.TotalSeconds:F1}, LightGbm {lightGbmTime.TotalSeconds:F1}"));

// Save the whole DeepMlp pipeline (preprocessing + network) as a standard ML.NET zip with a manifest that
// LoadModel verifies (plain ml.Model.Load reads it too), then load it back.
string folder = Path.GetFullPath("out");
Directory.CreateDirectory(folder);
string modelPath = Path.Combine(folder, "model.zip");
MLNetDeepScoring.SaveModel(ml, deepModel, spamSplit.TrainSet.Schema, modelPath);
Console.WriteLine($"\nSaved the DeepMlp pipeline to {modelPath}");

// Beside it, the training history: epochs and steps as CSV, everything as JSON, and PNG plots.
TrainingHistory history = deepModel.LastTransformer.History;
history.SaveAsCsv(Path.Combine(folder, "history.csv"));
history.SaveStepsAsCsv(Path.Combine(folder, "history-steps.csv"));
history.SaveAsJson(Path.Combine(folder, "history.json"));
var plots = history.SavePlots(folder);
Console.WriteLine($"Saved its training history (history.csv, history-steps.csv, history.json) and plots ({string.Join(", ", plots.Select(Path.GetFileName))}) beside it");
var loaded = MLNetDeepScoring.LoadModel(ml, modelPath, out _, new LoadModelOptions { RequireManifest = true });
var trainedProbabilities = deepModel.Transform(spamSplit.TestSet).GetColumn<float>("Probability").ToList();
var reloadedProbabilities = loaded.Transform(spamSplit.TestSet).GetColumn<float>("Probability").ToList();
int agreeing = trainedProbabilities.Zip(reloadedProbabilities).Count(p => Math.Abs(p.First - p.Second) <= 1e-5);
Console.WriteLine($"Reloaded it: its probability is the trained pipeline's (within 1e-5) for {agreeing} of {trainedProbabilities.Count} test rows");

using var engine = ml.Model.CreatePredictionEngine<SpamInput, SpamPrediction>(loaded);
Console.WriteLine("Its predictions for test rows spread over the test set (it is ordered spam first):");
Console.WriteLine($"  {"actual",-8} {"predicted",-9} {"probability",11}");
var testRows = ml.Data.CreateEnumerable<SpamInput>(spamSplit.TestSet, reuseRowObject: false).ToList();
foreach (var row in Enumerable.Range(0, 8).Select(i => testRows[i * testRows.Count / 8]))
{
    var p = engine.Predict(row);
    Console.WriteLine($"  {row.Type,-8} {(p.PredictedLabel ? "spam" : "nonspam"),-9} {p.Probability,11:F4}");
}

if (all)
{
    Console.WriteLine("\n== Satellite (multiclass, 6 classes) ==");
    var (satData, satPrep) = BundledDatasets.Satellite(ml);
    var satSplit = ml.Data.TrainTestSplit(satData, testFraction: 0.2, seed: Seed);
    var mc = ml.MulticlassClassification;
    var (satDeep, satDeepTime) = Timed(() => TrainingProgressDisplay.Run("DeepMlp on satellite", progress => satPrep
        .Append(mc.Trainers.DeepMlp(new DeepMlpMulticlassTrainer.Options { NumberOfEpochs = epochs, Progress = progress }))
        .Fit(satSplit.TrainSet)));
    var (satTree, satTreeTime) = Timed(() => satPrep.Append(mc.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree())).Fit(satSplit.TrainSet));
    var (satLightGbm, satLightGbmTime) = Timed(() => satPrep.Append(mc.Trainers.LightGbm()).Fit(satSplit.TrainSet));
    Console.WriteLine(MetricsComparison.Multiclass(ml,
        ("DeepMlp", satDeep.Transform(satSplit.TestSet)),
        ("FastTree", satTree.Transform(satSplit.TestSet)),
        ("LightGbm", satLightGbm.Transform(satSplit.TestSet))));
    Console.WriteLine(FormattableString.Invariant($"Fit time (s): DeepMlp {satDeepTime.TotalSeconds:F1}, FastTree (one versus all) {satTreeTime.TotalSeconds:F1}, LightGbm {satLightGbmTime.TotalSeconds:F1}"));

    Console.WriteLine("\n== Diamonds (regression, price) ==");
    var (diaData, diaPrep) = BundledDatasets.Diamonds(ml);
    var diaSplit = ml.Data.TrainTestSplit(diaData, testFraction: 0.2, seed: Seed);
    var (diaDeep, diaDeepTime) = Timed(() => TrainingProgressDisplay.Run("DeepMlp on diamonds", progress => diaPrep
        .Append(ml.Regression.Trainers.DeepMlp(new DeepMlpRegressionTrainer.Options { NumberOfEpochs = epochs, Progress = progress }))
        .Fit(diaSplit.TrainSet)));
    var (diaTree, diaTreeTime) = Timed(() => diaPrep.Append(ml.Regression.Trainers.FastTree()).Fit(diaSplit.TrainSet));
    var (diaLightGbm, diaLightGbmTime) = Timed(() => diaPrep.Append(ml.Regression.Trainers.LightGbm()).Fit(diaSplit.TrainSet));
    Console.WriteLine(MetricsComparison.Regression(ml,
        ("DeepMlp", diaDeep.Transform(diaSplit.TestSet)),
        ("FastTree", diaTree.Transform(diaSplit.TestSet)),
        ("LightGbm", diaLightGbm.Transform(diaSplit.TestSet))));
    Console.WriteLine(FormattableString.Invariant($"Fit time (s): DeepMlp {diaDeepTime.TotalSeconds:F1}, FastTree {diaTreeTime.TotalSeconds:F1}, LightGbm {diaLightGbmTime.TotalSeconds:F1}"));
}

static (T Result, TimeSpan Elapsed) Timed<T>(Func<T> action)
{
    var clock = Stopwatch.StartNew();
    T result = action();
    return (result, clock.Elapsed);
}

/// <summary>One raw Spambase row, as the saved pipeline expects it.</summary>
internal sealed class SpamInput
{
    [VectorType(57)]
    public float[] Raw { get; set; } = [];

    [ColumnName("type")]
    public string Type { get; set; } = string.Empty;
}

/// <summary>The binary prediction columns.</summary>
internal sealed class SpamPrediction
{
    public float Score { get; set; }
    public float Probability { get; set; }
    public bool PredictedLabel { get; set; }
}
