using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep;
using MLNetDeep.Examples;

// Imbalanced binary classification: the bundled spambase data with only one spam row in 12 kept (deterministically:
// every 12th spam row in file order), so about 5% of the rows are spam, as in a real inbox filter or fraud table.
// Three DeepMlp fits on the same split, side by side: no remedy, ClassWeighting = Balanced (a spam row's loss weighs
// about 17 times a non-spam row's), and WeightedSampling = true (the same weights applied by drawing spam rows more often
// instead: WeightedSampling needs class weights to draw by, here ClassWeighting = Balanced, and then leaves the loss unweighted).
// Prints each fit's recall per class, balanced accuracy, precision, AUC, log-loss and mean predicted spam probability.
// Options: --keep N (keep one spam row in N, default 12), --epochs N (default 20), --seeds N (fits averaged per
// remedy, default 3: with 39 spam test rows, one spam row more or less caught moves one fit's spam recall by 0.026).
var culture = CultureInfo.InvariantCulture;
int keep = ExampleOptions.Integer(args, "--keep", 12);
int epochs = ExampleOptions.Integer(args, "--epochs", 20);
int seeds = ExampleOptions.Integer(args, "--seeds", 3);
const int Seed = 1;
var ml = new MLContext(seed: Seed);

// Every non-spam row, and every keep-th spam row (in file order, so the same rows every run).
var all = ml.Data.CreateEnumerable<Email>(
    ml.Data.LoadFromTextFile<Email>(BundledDatasets.PathOf("spambase.csv"), separatorChar: ',', hasHeader: true, allowQuoting: true), reuseRowObject: false).ToList();
var thinned = all.Where(e => e.Type == "nonspam").Concat(all.Where(e => e.Type == "spam").Where((_, i) => i % keep == 0)).ToList();
int spamRows = thinned.Count(e => e.Type == "spam");
Console.WriteLine(string.Create(culture,
    $"Spambase thinned: {spamRows} spam of {thinned.Count} rows ({(double)spamRows / thinned.Count:P1}); kept 1 spam row in {keep} of {all.Count(e => e.Type == "spam")}"));

// A 70/30 split, so the test set holds enough spam rows to measure their recall.
var split = ml.Data.TrainTestSplit(ml.Data.LoadFromEnumerable(thinned), testFraction: 0.3, seed: Seed);
var preprocessing = ml.Transforms.Conversion.MapValue("Label", new Dictionary<string, bool> { ["spam"] = true, ["nonspam"] = false }, "type")
    .Append(ml.Transforms.NormalizeMeanVariance("Features", nameof(Email.Words)));
var testLabels = split.TestSet.GetColumn<string>("type").ToList();
Console.WriteLine($"Test rows: {testLabels.Count} ({testLabels.Count(t => t == "spam")} spam); DeepMlp: {epochs} epochs, mean of {seeds} seed(s) per row\n");

var remedies = new (string Name, Action<DeepMlpBinaryTrainer.Options> Set)[]
{
    ("no remedy", _ => { }),
    ("ClassWeighting = Balanced", o => o.ClassWeighting = ClassWeighting.Balanced),
    // Balanced only supplies the sampling weights: with WeightedSampling the loss itself is unweighted.
    ("WeightedSampling = true", o => { o.ClassWeighting = ClassWeighting.Balanced; o.WeightedSampling = true; }),
};
Console.WriteLine($"  {"remedy",-26} {"spam recall",11} {"nonspam recall",14} {"balanced acc",12} {"precision",9} {"AUC",6} {"log-loss",8} {"mean P(spam)",12}");
foreach (var (name, set) in remedies)
{
    var fits = Enumerable.Range(Seed, seeds).Select(seed =>
    {
        var options = new DeepMlpBinaryTrainer.Options { NumberOfEpochs = epochs, Seed = seed };
        set(options);
        var scored = preprocessing.Append(ml.BinaryClassification.Trainers.DeepMlp(options)).Fit(split.TrainSet).Transform(split.TestSet);
        return (Report: ml.BinaryClassification.EvaluateReport(scored), MeanProbability: scored.GetColumn<float>("Probability").Average());
    }).ToList();
    Console.WriteLine(string.Create(culture,
        $"  {name,-26} {fits.Average(f => f.Report.Recall),11:F4} {fits.Average(f => f.Report.Confusion.Specificity),14:F4} {fits.Average(f => f.Report.BalancedAccuracy),12:F4} {fits.Average(f => f.Report.Precision),9:F4} {fits.Average(f => f.Report.Auc),6:F4} {fits.Average(f => f.Report.LogLoss),8:F4} {fits.Average(f => f.MeanProbability),12:F4}"));
}
Console.WriteLine(string.Create(culture, $"\nSpam rate in the test rows: {(double)testLabels.Count(t => t == "spam") / testLabels.Count:F4} (what a calibrated model's mean P(spam) comes close to)."));

/// <summary>A row of examples/data/spambase.csv.</summary>
internal sealed class Email
{
    /// <summary>Word and character frequencies and capital-run lengths: the 57 features.</summary>
    [LoadColumn(0, 56), VectorType(57)] public float[] Words { get; set; } = [];

    /// <summary>"spam" or "nonspam": the label.</summary>
    [LoadColumn(57), ColumnName("type")] public string Type { get; set; } = "";
}
