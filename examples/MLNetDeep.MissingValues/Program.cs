using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep;
using MLNetDeep.Examples;

// Diamond prices with 10% of the carat and of the depth values removed at random: the same ML.NET pipeline (one-hot,
// concatenate, normalize) ends in FastTree or in DeepMlp, and both train on the NaN features as they are. Each trainer
// also gets the explicit route (IndicateMissingValues + ReplaceMissingValues) in front, which DeepMlp's built-in
// imputation makes unnecessary. Options: --sample F (fraction of the 53,940 rows, default 0.2), --epochs N (default 30),
// --missing F (the fraction of carat and of depth values removed, default 0.1), --seeds N (DeepMlp fits averaged per row,
// default 3: one fit's R² varies by about 0.01 with the seed).
var culture = CultureInfo.InvariantCulture;
double sample = ExampleOptions.Number(args, "--sample", 0.2);
int epochs = ExampleOptions.Integer(args, "--epochs", 30);
double missing = ExampleOptions.Number(args, "--missing", 0.1);
int seeds = ExampleOptions.Integer(args, "--seeds", 3);
const int Seed = 1;
var ml = new MLContext(seed: Seed);

var rows = ml.Data.CreateEnumerable<Diamond>(
    ml.Data.LoadFromTextFile<Diamond>(BundledDatasets.PathOf("diamonds.csv"), separatorChar: ',', hasHeader: true, allowQuoting: true), reuseRowObject: false).ToList();
var random = new Random(Seed);
int removed = 0;
foreach (var row in rows)
{
    if (random.NextDouble() < missing) { row.Carat = float.NaN; removed++; }
    if (random.NextDouble() < missing) { row.Depth = float.NaN; removed++; }
}
var split = ml.Data.TrainTestSplit(ml.Data.LoadFromEnumerable(rows), testFraction: 0.2, seed: Seed);
IDataView train = ExampleOptions.Sample(ml, split.TrainSet, sample, Seed), test = ExampleOptions.Sample(ml, split.TestSet, sample, Seed);
Console.WriteLine(string.Create(culture, $"Diamonds price: {removed:N0} carat and depth values removed ({missing:P0} of each); {ExampleOptions.Count(train):N0} training and {ExampleOptions.Count(test):N0} test rows"));

string[] numeric = ["carat", "depth", "table", "x", "y", "z"];
string[] categorical = ["cut", "color", "clarity"];
var oneHot = ml.Transforms.Categorical.OneHotEncoding([.. categorical.Select(c => new InputOutputColumnPair(c))]);
var pipeline = oneHot.Append(ml.Transforms.Concatenate("Features", [.. numeric, .. categorical]))
    .Append(ml.Transforms.NormalizeMeanVariance("Features"));
// The explicit route: add indicator columns, replace with the mean (DeepMlp then refuses NaN, to prove none is left).
var explicitRoute = oneHot
    .Append(ml.Transforms.IndicateMissingValues([new("carat_missing", "carat"), new("depth_missing", "depth")]))
    .Append(ml.Transforms.Conversion.ConvertType([new("carat_missing"), new("depth_missing")], DataKind.Single))
    .Append(ml.Transforms.ReplaceMissingValues([new("carat"), new("depth")], Microsoft.ML.Transforms.MissingValueReplacingEstimator.ReplacementMode.Mean))
    .Append(ml.Transforms.Concatenate("Features", [.. numeric, .. categorical, "carat_missing", "depth_missing"]))
    .Append(ml.Transforms.NormalizeMeanVariance("Features"));
var results = new List<(string Name, Metrics Metrics)>
{
    ("FastTree", Evaluate(_ => pipeline.Append(ml.Regression.Trainers.FastTree()), 1)),
    ("FastTree, explicit imputation", Evaluate(_ => explicitRoute.Append(ml.Regression.Trainers.FastTree()), 1)),
    ("DeepMlp", Evaluate(seed => pipeline.Append(ml.Regression.Trainers.DeepMlp(DeepOptions(seed, MissingValueHandling.Impute))), seeds)),
    ("DeepMlp, explicit imputation", Evaluate(seed => explicitRoute.Append(ml.Regression.Trainers.DeepMlp(DeepOptions(seed, MissingValueHandling.Error))), seeds)),
};

Console.WriteLine($"\nTest metrics (DeepMlp: mean of {seeds} seed(s))");
Console.WriteLine($"  {"model",-30} {"R²",7} {"RMSE",9} {"MAE",9}");
foreach (var (name, m) in results)
    Console.WriteLine(string.Create(culture, $"  {name,-30} {m.RSquared,7:F4} {m.Rmse,9:F1} {m.Mae,9:F1}"));
Console.WriteLine(string.Create(culture,
    $"\nDeepMlp's built-in imputation minus the explicit route: R² {results[2].Metrics.RSquared - results[3].Metrics.RSquared:+0.0000;-0.0000}"));

DeepMlpRegressionTrainer.Options DeepOptions(int seed, MissingValueHandling missingValues) =>
    new() { NumberOfEpochs = epochs, HiddenLayerSizes = [128, 64], Seed = seed, MissingValues = missingValues };

Metrics Evaluate<T>(Func<int, IEstimator<T>> estimator, int fits)
    where T : class, ITransformer
{
    var metrics = Enumerable.Range(1, fits).Select(seed => ml.Regression.Evaluate(estimator(seed).Fit(train).Transform(test))).ToList();
    return new(metrics.Average(m => m.RSquared), metrics.Average(m => m.RootMeanSquaredError), metrics.Average(m => m.MeanAbsoluteError));
}

/// <summary>Test metrics, averaged over fits.</summary>
internal sealed record Metrics(double RSquared, double Rmse, double Mae);

/// <summary>A row of examples/data/diamonds.csv.</summary>
internal sealed class Diamond
{
    [LoadColumn(0), ColumnName("carat")] public float Carat { get; set; }
    [LoadColumn(1), ColumnName("cut")] public string Cut { get; set; } = "";
    [LoadColumn(2), ColumnName("color")] public string Color { get; set; } = "";
    [LoadColumn(3), ColumnName("clarity")] public string Clarity { get; set; } = "";
    [LoadColumn(4), ColumnName("depth")] public float Depth { get; set; }
    [LoadColumn(5), ColumnName("table")] public float Table { get; set; }
    [LoadColumn(6), ColumnName("x")] public float X { get; set; }
    [LoadColumn(7), ColumnName("y")] public float Y { get; set; }
    [LoadColumn(8), ColumnName("z")] public float Z { get; set; }
    [LoadColumn(9), ColumnName("Label")] public float Price { get; set; }
}
