using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep;
using MLNetDeep.Examples;

// Early stopping with checkpoints, and resuming an interrupted fit. DeepMlp trains on spambase with early stopping and
// CheckpointDirectory set; the first run is cancelled during the epoch after --stop-after (as a crash, Ctrl+C or a
// preempted machine would end it), then the same command with ResumeFromCheckpoint = the folder continues from the last
// checkpoint. An uninterrupted fit with the same seed shows what the resumed one should equal. Options: --epochs N
// (the epoch cap, default 40), --stop-after K (epochs the first run completes, default 4), --sample F (fraction of
// the rows, default 1). Output files go to ./out/checkpoints.
var culture = CultureInfo.InvariantCulture;
int epochs = ExampleOptions.Integer(args, "--epochs", 40);
int stopAfter = ExampleOptions.Integer(args, "--stop-after", 4);
double sample = ExampleOptions.Number(args, "--sample", 1);
const int Seed = 1;
var ml = new MLContext(seed: Seed);

// Preprocessing fitted on the training rows once; DeepMlp trains on the featurized rows (cached in memory).
var (data, preprocessing) = BundledDatasets.Spambase(ml);
var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: Seed);
IDataView rawTrain = ExampleOptions.Sample(ml, split.TrainSet, sample, Seed);
var featurizer = preprocessing.Fit(rawTrain);
IDataView train = featurizer.Transform(rawTrain);
IDataView test = featurizer.Transform(split.TestSet);
string folder = Path.GetFullPath(Path.Combine("out", "checkpoints"));
if (Directory.Exists(folder))
    Directory.Delete(folder, recursive: true);   // start the story afresh on every run of the example
Console.WriteLine($"Spambase: {train.GetColumn<bool>("Label").Count():N0} training rows; checkpoints in {folder}");

// 1. The first run: cancelled in epoch stopAfter + 1, after the checkpoint of epoch stopAfter was written.
using var cancellation = new CancellationTokenSource();
var first = new EpochWatch(epoch => { if (epoch > stopAfter) cancellation.Cancel(); });
try
{
    Fit(Options(first, cancellation.Token, checkpoints: folder, resume: false));
    Console.WriteLine("The first run finished before it could be cancelled: lower --stop-after.");
    return 1;
}
catch (OperationCanceledException)
{
    Console.WriteLine($"\nFirst run:   epochs {first.Range} completed, then cancelled during epoch {first.LastStarted}");
}
Console.WriteLine($"  left in the folder: {string.Join(", ", Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal))}");

// 2. The same options with ResumeFromCheckpoint = the folder: the latest valid checkpoint's weights, optimizer,
//    schedule, early-stopping state, random generators and history come back, and training goes on from there.
var second = new EpochWatch(_ => { });
var resumed = Fit(Options(second, CancellationToken.None, checkpoints: folder, resume: true));
TrainingHistory history = resumed.History;
Console.WriteLine($"Resumed run: epochs {second.Range} trained; its history holds epochs 1-{history.Epochs.Count}");
Console.WriteLine($"  {history.Notes[^1]}");
string stopped = history.Epochs.Count < epochs ? $"stopped after epoch {history.Epochs.Count} of at most {epochs}" : $"did not stop early (all {epochs} epochs ran)";
Console.WriteLine(string.Create(culture,
    $"Early stopping: {stopped}; restored epoch {history.SelectedEpoch} (validation loss {history.Epochs[history.SelectedEpoch - 1].ValidationLoss:F4})"));

// Every fit, the cancelled one too, appended its RunRecord to runs.jsonl in the folder (RunLogPath's default).
Console.WriteLine("Run log (runs.jsonl), one line per fit:");
foreach (var record in File.ReadLines(Path.Combine(folder, "runs.jsonl")).Select(RunRecord.Parse))
    Console.WriteLine($"  {record.Status,-9} {record.Epochs.Count} epochs, seed {record.Seed} from {record.SeedSource}");

// 3. An uninterrupted fit with the same seed, no checkpoints: on the CPU with cached data it should match bit for bit.
var uninterrupted = Fit(Options(new EpochWatch(_ => { }), CancellationToken.None, checkpoints: null, resume: false));
bool sameLosses = uninterrupted.History.Epochs.Select(e => (e.TrainingLoss, e.ValidationLoss))
    .SequenceEqual(history.Epochs.Select(e => (e.TrainingLoss, e.ValidationLoss)));
float[] resumedScores = [.. resumed.Transform(test).GetColumn<float>("Probability")];
float[] uninterruptedScores = [.. uninterrupted.Transform(test).GetColumn<float>("Probability")];
double maxDifference = resumedScores.Zip(uninterruptedScores, (a, b) => Math.Abs((double)a - b)).Max();
Console.WriteLine($"\nUninterrupted fit, same seed: {uninterrupted.History.Epochs.Count} epochs, restored epoch {uninterrupted.History.SelectedEpoch}");
Console.WriteLine($"  per-epoch training and validation losses equal to the resumed run's: {(sameLosses ? "yes" : "no")}");
Console.WriteLine(string.Create(culture, $"  largest difference of a test probability (resumed - uninterrupted) over {resumedScores.Length:N0} rows: {maxDifference:G3}"));

Console.WriteLine("\nTest metrics");
foreach (var (name, model) in new[] { ("resumed", resumed), ("uninterrupted", uninterrupted) })
{
    var m = ml.BinaryClassification.Evaluate(model.Transform(test));
    Console.WriteLine(string.Create(culture, $"  {name,-14} accuracy {m.Accuracy:F4}, AUC {m.AreaUnderRocCurve:F4}, log-loss {m.LogLoss:F4}"));
}
return 0;

DeepMlpBinaryTrainer.Options Options(EpochWatch watch, CancellationToken token, string? checkpoints, bool resume) => new()
{
    HiddenLayerSizes = [128, 64], NumberOfEpochs = epochs, Seed = Seed,
    EarlyStopping = new EarlyStoppingOptions { Patience = 3 },   // watches the validation loss of a 10% hold-out (ValidationFraction)
    CheckpointDirectory = checkpoints,                           // epoch-NNNN.ckpt every epoch (the last 2 kept) and best.ckpt
    ResumeFromCheckpoint = resume ? checkpoints : null,          // a folder: its latest valid checkpoint
    CancellationToken = token, Progress = watch,
};

DeepMlpTransformer<BinaryClassificationTask> Fit(DeepMlpBinaryTrainer.Options options) =>
    ml.BinaryClassification.Trainers.DeepMlp(options).Fit(train);
