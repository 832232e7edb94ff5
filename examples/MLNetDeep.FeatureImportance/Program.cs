using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep;
using MLNetDeep.Examples;

// Explains a DeepMlp model of diamond prices with permutation feature importance: which features the model leans on,
// measured as the drop in test R² when one feature's values are shuffled across rows. FastTree's importances, from
// ML.NET's own typed call on its prediction transformer and featurized data, stand beside them. The DeepMlp importances are computed on the model reloaded from its zip, as a
// deployed app would. Options: --sample F (fraction of the 53,940 rows to use, default 0.2), --epochs N (default 30),
// --permutations N (default 3).
var culture = CultureInfo.InvariantCulture;
double sample = ExampleOptions.Number(args, "--sample", 0.2);
int epochs = ExampleOptions.Integer(args, "--epochs", 30);
int permutations = ExampleOptions.Integer(args, "--permutations", 3);
const int Seed = 1;
var ml = new MLContext(seed: Seed);

// Hash-based splits are unbiased even though the file is ordered: 80/20, then the sample of each.
var (data, preprocessing) = BundledDatasets.Diamonds(ml);
var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: Seed);
IDataView train = ExampleOptions.Sample(ml, split.TrainSet, sample, Seed), test = ExampleOptions.Sample(ml, split.TestSet, sample, Seed);

// The seed comes from the MLContext; the progress bar (plain lines when output is redirected) from Options.Progress.
var deep = TrainingProgressDisplay.Run("DeepMlp", progress => preprocessing
    .Append(ml.Regression.Trainers.DeepMlp(new DeepMlpRegressionTrainer.Options { NumberOfEpochs = epochs, Progress = progress }))
    .Fit(train));
var tree = preprocessing.Append(ml.Regression.Trainers.FastTree()).Fit(train);
Console.WriteLine($"Diamonds price, {ExampleOptions.Count(train):N0} training and {ExampleOptions.Count(test):N0} test rows");
Console.WriteLine(deep.LastTransformer.Model);
Console.WriteLine(string.Create(culture, $"Test R²: DeepMlp {ml.Regression.Evaluate(deep.Transform(test)).RSquared:F4}, FastTree {ml.Regression.Evaluate(tree.Transform(test)).RSquared:F4}"));

// Save and reload the DeepMlp pipeline: importance works on the zip a deployed app loads.
string folder = Path.GetFullPath("out");
Directory.CreateDirectory(folder);
string modelPath = Path.Combine(folder, "diamonds-model.zip");
ml.Model.Save(deep, train.Schema, modelPath);
ITransformer loaded = ml.Model.Load(modelPath, out _);

var deepImportance = ml.Regression.DeepMlpPermutationFeatureImportance(loaded, test, permutations);
var featurized = tree.Take(tree.Count() - 1).Aggregate(test, (view, transformer) => transformer.Transform(view));
var treeStats = ml.Regression.PermutationFeatureImportance(tree.LastTransformer, featurized, permutationCount: permutations);
var slotNames = default(VBuffer<ReadOnlyMemory<char>>);
featurized.Schema["Features"].GetSlotNames(ref slotNames);
var treeImportance = slotNames.DenseValues().Select(n => n.ToString()).Zip(treeStats).ToDictionary(p => p.First, p => p.Second);

Console.WriteLine($"\nDrop in test R² when a feature is shuffled (mean ± standard error over {permutations} permutation(s)); top 10 for DeepMlp:");
Console.WriteLine($"  {"feature",-16} {"DeepMlp",17} {"FastTree",17}");
foreach (var (feature, stats) in deepImportance.OrderBy(p => p.Value.RSquared.Mean).Take(10))
{
    string treeCell = treeImportance.TryGetValue(feature, out var t) ? Cell(t.RSquared) : "";
    Console.WriteLine($"  {feature,-16} {Cell(stats.RSquared),17} {treeCell,17}");
}

int unused = deepImportance.Count(p => Math.Abs(p.Value.RSquared.Mean) < 1e-3);
Console.WriteLine($"\n{unused} of {deepImportance.Count} features change DeepMlp's R² by less than 0.001.");

string Cell(MetricStatistics statistics) => string.Create(culture, $"{-statistics.Mean:F4} ± {statistics.StandardError:F4}");
