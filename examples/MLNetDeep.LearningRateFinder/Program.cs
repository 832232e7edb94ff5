using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep;
using MLNetDeep.Examples;
using MLNetDeep.Plots;

// The learning-rate finder (a range test: one short run whose rate grows exponentially from 1e-7 to 10) on spambase. It
// prints the sweep and the suggested rate, saves the curve as out/lr-finder.png, then trains with the suggested rate,
// with the default rate and with a rate --factor times the suggestion, and prints their test metrics. Options:
// --epochs N (each fit's epochs, default 20), --steps N (the sweep's steps, default 100), --factor F (default 100),
// --sample F (fraction of the rows, default 1).
var culture = CultureInfo.InvariantCulture;
int epochs = ExampleOptions.Integer(args, "--epochs", 20);
int steps = ExampleOptions.Integer(args, "--steps", 100);
double factor = ExampleOptions.Number(args, "--factor", 100);
double sample = ExampleOptions.Number(args, "--sample", 1);
const int Seed = 1;
var ml = new MLContext(seed: Seed);

// Preprocessing fitted on the training rows; the finder and the fits read the featurized rows.
var (data, preprocessing) = BundledDatasets.Spambase(ml);
var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: Seed);
IDataView rawTrain = ExampleOptions.Sample(ml, split.TrainSet, sample, Seed);
var featurizer = preprocessing.Fit(rawTrain);
IDataView train = featurizer.Transform(rawTrain), test = featurizer.Transform(split.TestSet);

// The finder tests a fresh network that these options describe; the trainer and its options stay untouched.
var options = new DeepMlpBinaryTrainer.Options { HiddenLayerSizes = [64, 32], NumberOfEpochs = epochs, Seed = Seed };
LearningRateFinderResult found = ml.BinaryClassification.Trainers.DeepMlp(options)
    .FindLearningRate(train, new LearningRateFinderOptions { NumberOfSteps = steps });

var points = found.Points;
// The suggestion reads the curve as fastai does: without its first 10% of points and its last 5 (noise at the start, the
// explosion at the end).
var read = points.Skip(points.Count / 10).SkipLast(5).Where(p => double.IsFinite(p.SmoothedLoss)).ToList();
var lowest = (read.Count >= 3 ? read : points).MinBy(p => p.SmoothedLoss)!;
Console.WriteLine(string.Create(culture, $"Spambase, {train.GetColumn<bool>("Label").Count():N0} training rows, DeepMlp [64, 32], Adam, batch {options.BatchSize}"));
Console.WriteLine(string.Create(culture,
    $"Learning-rate sweep: {points.Count} steps from {points[0].LearningRate:G3} to {points[^1].LearningRate:G3}{(found.StoppedEarly ? " (stopped early: the smoothed loss exploded)" : "")}"));
Console.WriteLine($"  {"rate",-9} {"loss",8} {"smoothed",9}");
foreach (var point in EveryDecade(points))
    Console.WriteLine(string.Create(culture, $"  {point.LearningRate,-9:G3} {point.Loss,8:F4} {point.SmoothedLoss,9:F4}"));
Console.WriteLine(string.Create(culture, $"Lowest smoothed loss (first 10% and last 5 points left out): {lowest.SmoothedLoss:F4} at rate {lowest.LearningRate:G3}"));
Console.WriteLine(string.Create(culture, $"Suggested learning rate: {found.SuggestedLearningRate:G3} ({found.SuggestionRule})"));
foreach (string note in found.Notes)
    Console.WriteLine($"  note: {note}");

string folder = Path.GetFullPath("out");
Directory.CreateDirectory(folder);
Console.WriteLine($"Saved the curve to {found.SavePlot(Path.Combine(folder, "lr-finder.png"))}");

// Fit with the suggestion, with the default rate and with a far too high one. The trainer copies its options when it is
// created, so each rate needs a new trainer.
Console.WriteLine(string.Create(culture, $"\nTest metrics after {epochs} epochs (cosine schedule)"));
Console.WriteLine($"  {"learning rate",-22} {"accuracy",8} {"AUC",7} {"log-loss",8} {"last train loss",15}");
foreach (var (name, rate) in new[]
{
    ("suggested", found.SuggestedLearningRate),
    ("default", DeepMlpDefaults.LearningRate),
    (string.Create(culture, $"{factor:G3}x suggested"), found.SuggestedLearningRate * factor),
})
{
    options.LearningRate = rate;
    var model = ml.BinaryClassification.Trainers.DeepMlp(options).Fit(train);
    var m = ml.BinaryClassification.Evaluate(model.Transform(test));
    string label = string.Create(culture, $"{name} ({rate:G3})");
    Console.WriteLine(string.Create(culture, $"  {label,-22} {m.Accuracy,8:F4} {m.AreaUnderRocCurve,7:F4} {m.LogLoss,8:F4} {model.History.Epochs[^1].TrainingLoss,15:F4}"));
}

// The point closest (on the log scale) to each power of ten the sweep crossed, and its last point.
static IEnumerable<LearningRateFinderPoint> EveryDecade(IReadOnlyList<LearningRateFinderPoint> points)
{
    int first = (int)Math.Ceiling(Math.Log10(points[0].LearningRate)), last = (int)Math.Floor(Math.Log10(points[^1].LearningRate));
    var chosen = Enumerable.Range(first, Math.Max(0, last - first + 1))
        .Select(power => points.MinBy(p => Math.Abs(Math.Log10(p.LearningRate) - power))!)
        .Append(points[^1]);
    return chosen.Distinct();
}
