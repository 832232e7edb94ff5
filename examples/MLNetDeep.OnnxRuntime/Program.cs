using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep;
using MLNetDeep.Examples;

// Trains a diamonds price pipeline (one-hot encoding of cut, color and clarity, concatenation, normalization, DeepMlp),
// exports the whole fitted pipeline as one ONNX file, and scores that file with ONNX Runtime's own InferenceSession
// (OnnxDiamondPricer.cs, which uses no ML.NET type), as a Python, C++ or browser app would. Then compares its prices
// with ML.NET's Transform. Options: --sample F (fraction of the 53,940 rows, default 0.2), --epochs N (default 20).
var culture = CultureInfo.InvariantCulture;
double sample = ExampleOptions.Number(args, "--sample", 0.2);
int epochs = ExampleOptions.Integer(args, "--epochs", 20);
const int Seed = 1;
var ml = new MLContext(seed: Seed);

var (data, preprocessing) = BundledDatasets.Diamonds(ml);
var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: Seed);
IDataView train = ExampleOptions.Sample(ml, split.TrainSet, sample, Seed), test = ExampleOptions.Sample(ml, split.TestSet, sample, Seed);
var model = preprocessing
    .Append(ml.Regression.Trainers.DeepMlp(new DeepMlpRegressionTrainer.Options { NumberOfEpochs = epochs, HiddenLayerSizes = [128, 64] }))
    .Fit(train);
Console.WriteLine(string.Create(culture,
    $"Diamonds price: trained on {ExampleOptions.Count(train):N0} rows, test R² {ml.Regression.Evaluate(model.Transform(test)).RSquared:F4} on {ExampleOptions.Count(test):N0} rows"));

// The whole pipeline, preprocessing included, as one file. `data` only gives the input schema (the loader's columns).
string folder = Path.GetFullPath("out");
Directory.CreateDirectory(folder);
string onnxPath = Path.Combine(folder, "diamonds.onnx");
ml.Model.SavePipelineAsOnnx(model, data, onnxPath);
Console.WriteLine(string.Create(culture, $"Saved the fitted pipeline as {onnxPath} ({new FileInfo(onnxPath).Length:N0} bytes)"));

// The test rows as another app would hold them: plain records, read here through ML.NET only for convenience.
List<Diamond> diamonds = [.. ml.Data.CreateEnumerable<DiamondRow>(test, reuseRowObject: false)
    .Select(r => new Diamond(r.Carat, r.Cut, r.Color, r.Clarity, r.Dimensions))];
float[] prices = [.. ml.Data.CreateEnumerable<DiamondRow>(test, reuseRowObject: false).Select(r => r.Price)];
float[] fromMLNet = [.. model.Transform(test).GetColumn<float>("Score")];

using var pricer = new OnnxDiamondPricer(onnxPath);
Console.WriteLine("\nONNX inputs and outputs (-1: any number of rows):");
foreach (var (kind, nodes) in new[] { ("input", pricer.Inputs), ("output", pricer.Outputs) })
{
    foreach (var (name, node) in nodes)
        Console.WriteLine($"  {kind,-6} {name,-10} {node.ElementType.Name,-7} [{string.Join(", ", node.Dimensions)}]");
}
float[] fromOnnx = pricer.Predict(diamonds);

// The two runtimes agree to float rounding: the difference relative to the price (at least 1) stays far below 1e-5.
double maxAbsolute = fromOnnx.Zip(fromMLNet, (a, b) => Math.Abs((double)a - b)).Max();
double maxRelative = fromOnnx.Zip(fromMLNet, (a, b) => Math.Abs((double)a - b) / Math.Max(1, Math.Abs((double)b))).Max();
Console.WriteLine($"\n  {"carat",5} {"cut",-9} {"color",-5} {"clarity",-7} {"price",7} {"ML.NET",10} {"ONNX Runtime",12}");
foreach (int i in Enumerable.Range(0, 6).Select(k => k * diamonds.Count / 6))
{
    var d = diamonds[i];
    Console.WriteLine(string.Create(culture, $"  {d.Carat,5:F2} {d.Cut,-9} {d.Color,-5} {d.Clarity,-7} {prices[i],7:F0} {fromMLNet[i],10:F2} {fromOnnx[i],12:F2}"));
}
Console.WriteLine(string.Create(culture, $"\nONNX Runtime vs ML.NET Transform on {diamonds.Count:N0} rows: max absolute difference {maxAbsolute:E2} (dollars), max relative difference {maxRelative:E2}"));

/// <summary>A row of the bundled diamonds data as ML.NET reads it (see BundledDatasets.Diamonds).</summary>
internal sealed class DiamondRow
{
    /// <summary>Weight in carats.</summary>
    [ColumnName("carat")] public float Carat { get; set; }

    /// <summary>Cut quality.</summary>
    [ColumnName("cut")] public string Cut { get; set; } = "";

    /// <summary>Color grade.</summary>
    [ColumnName("color")] public string Color { get; set; } = "";

    /// <summary>Clarity grade.</summary>
    [ColumnName("clarity")] public string Clarity { get; set; } = "";

    /// <summary>depth, table, x, y, z.</summary>
    [ColumnName("dimensions"), VectorType(5)] public float[] Dimensions { get; set; } = [];

    /// <summary>The actual price.</summary>
    [ColumnName("Label")] public float Price { get; set; }
}
