using System.Globalization;
using Microsoft.ML;
using MLNetDeep;
using MLNetDeep.Examples;
using MLNetDeep.Plots;

// A hyperparameter search for DeepMlp on the bundled spambase data, on the test-once workflow: every trial fits on the
// training rows and is judged (and pruned) on the validation rows; the best configuration is refit on training +
// validation rows and the test rows are scored once. Options: --trials N (default 30), --epochs N (epoch cap per trial,
// default 30; early stopping usually ends trials sooner), --sample F (fraction of the 4,601 rows, default 1),
// --parallel N (trials at once, default 1), --method grid|random|tpe (default tpe), --pruning none|sh|hyperband
// (default sh: successive halving), --out DIR (default ./out) for search.csv and search-best-so-far.png.
var culture = CultureInfo.InvariantCulture;
int trials = ExampleOptions.Integer(args, "--trials", 30);
int epochs = ExampleOptions.Integer(args, "--epochs", 30);
double sample = ExampleOptions.Number(args, "--sample", 1);
int parallel = ExampleOptions.Integer(args, "--parallel", 1);
var method = ExampleOptions.Text(args, "--method", "tpe", "grid", "random", "tpe") switch
{
    "grid" => SearchMethod.Grid,
    "random" => SearchMethod.Random,
    _ => SearchMethod.Tpe,
};
var pruning = ExampleOptions.Text(args, "--pruning", "sh", "none", "sh", "hyperband") switch
{
    "none" => SearchPruning.None,
    "hyperband" => SearchPruning.Hyperband,
    _ => SearchPruning.SuccessiveHalving,
};
string folder = Path.GetFullPath(ExampleOptions.Text(args, "--out", "out"));
const int Seed = 1;
var ml = new MLContext(seed: Seed);

// The label is mapped before the split (the map learns nothing from rows); the workflow splits 70/15/15, stratified.
var data = ml.Data.Cache(ExampleOptions.Sample(ml, BundledDatasets.SpambaseWithLabel(ml), sample, Seed));
var workflow = ml.BinaryClassification.CreateTestOnceWorkflow(data, new TestOnceOptions { Seed = Seed });
Console.WriteLine(workflow.Split);

// Every trial starts from these options: AdamW (so WeightDecay applies), early stopping on the validation loss, and
// an epoch cap. The space sets the drawn values; "Normalizer" is a pipeline choice the pipeline reads by name.
var baseOptions = new DeepMlpBinaryTrainer.Options
{
    NumberOfEpochs = epochs,
    Optimizer = OptimizerAlgorithm.AdamW,
    EarlyStopping = new EarlyStoppingOptions { Patience = 4 },
};
var space = new SearchSpace<DeepMlpBinaryTrainer.Options>(baseOptions)
    .LogUniform(o => o.LearningRate, 3e-4, 1e-2)
    .Choice(o => o.BatchSize, 64, 128, 256)
    .Choice(o => o.HiddenLayerSizes, [64], [128, 64], [256, 128], [512, 256])
    .Uniform(o => o.DropoutRate, 0, 0.5)
    .LogUniform(o => o.WeightDecay, 1e-4, 1e-1)
    .Choice("Normalizer", "None", "LogMeanVariance");

// The trainer is built from setup.Options: they carry the search's per-epoch callback (pruning), seed and cancellation.
// DeepMlpEstimatorChain gives the trainer the workflow's validation rows (early stopping, pruning).
IEstimator<ITransformer> Pipeline(SearchTrialSetup<DeepMlpBinaryTrainer.Options> setup)
{
    var chain = new DeepMlpEstimatorChain<ITransformer>().Append<ITransformer>(ml.Transforms.Concatenate("Features", "Raw"));
    if (setup.Get<string>("Normalizer") == "LogMeanVariance")
        chain = chain.Append<ITransformer>(ml.Transforms.NormalizeLogMeanVariance("Features"));
    return chain.Append<ITransformer>(ml.BinaryClassification.Trainers.DeepMlp(setup.Options));
}

var searchOptions = new SearchOptions
{
    Method = method,
    Pruning = pruning,
    MaxTrials = trials,
    ParallelTrials = parallel,
    StartupTrials = Math.Min(10, Math.Max(1, trials / 3)),
    Seed = Seed,
    Progress = new SearchProgressLines("log-loss"),
};
Console.WriteLine(string.Create(culture,
    $"\nSearching {string.Join(", ", space.Parameters.Select(p => p.Name))}: {method}, pruning {pruning}, {trials} trials ({parallel} at a time), at most {epochs} epochs each"));
var result = workflow.SearchHyperparameters(space, Pipeline, searchOptions);

Console.WriteLine($"\nTrials (validation {result.MetricName}; * = best)");
Console.WriteLine(result.ToTable());
var best = result.BestTrial;
int pruned = result.Trials.Count(t => t.State == SearchTrialState.Pruned);
int failed = result.Trials.Count(t => t.State == SearchTrialState.Failed);
Console.WriteLine(string.Create(culture,
    $"Best trial {best.Number}: validation {result.MetricName} {best.Objective:F4}, AUC {result.BestValidationReport[MetricNames.Auc].Value:F4}, kept epoch {best.SelectedEpoch} of {best.Epochs}"));
Console.WriteLine("  " + string.Join(", ", best.Parameters.Select(p => $"{p.Key} = {Describe(p.Value)}")));
Console.WriteLine(string.Create(culture,
    $"{result.Trials.Count} trials ({pruned} pruned, {failed} failed) in {result.SearchTime.TotalSeconds:F1} s; refit and test score {result.RefitTime.TotalSeconds:F1} s"));

Console.WriteLine(string.Create(culture,
    $"\nTest rows, scored once by the best configuration refit on training + validation rows for {Math.Max(1, best.SelectedEpoch)} epochs"));
Console.WriteLine(result.TestReport!.ToTable());

string csvPath = Path.Combine(folder, "search.csv");
result.SaveCsv(csvPath);
string plotPath = result.SaveBestSoFarPlot(Path.Combine(folder, "search-best-so-far.png"));
Console.WriteLine($"Wrote the trials to {csvPath}");
Console.WriteLine($"Wrote the best-so-far plot to {plotPath}");

static string Describe(object? value) => value switch
{
    double d => d.ToString("G3", CultureInfo.InvariantCulture),
    int[] sizes => "[" + string.Join(", ", sizes) + "]",
    _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null",
};
