using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep;
using MLNetDeep.Examples;

// Regression with categorical columns: diamond prices from the bundled diamonds data. The three text columns (cut,
// color, clarity) are one-hot encoded in the pipeline, the six numeric ones (carat, depth, table, x, y, z) normalized,
// and the same preprocessing ends in DeepMlp or in FastTree. Prints the regression report of both side by side and
// predicted against actual prices for a few test rows.
// Options: --sample F (fraction of the 53,940 rows, default 0.2), --epochs N (default 30).
var culture = CultureInfo.InvariantCulture;
double sample = ExampleOptions.Number(args, "--sample", 0.2);
int epochs = ExampleOptions.Integer(args, "--epochs", 30);
const int Seed = 1;
var ml = new MLContext(seed: Seed);

IDataView data = ml.Data.LoadFromTextFile<Diamond>(BundledDatasets.PathOf("diamonds.csv"), separatorChar: ',', hasHeader: true, allowQuoting: true);
var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: Seed);
IDataView train = ExampleOptions.Sample(ml, split.TrainSet, sample, Seed), test = ExampleOptions.Sample(ml, split.TestSet, sample, Seed);
Console.WriteLine($"Diamonds price: {ExampleOptions.Count(train):N0} training and {ExampleOptions.Count(test):N0} test rows");

// Categoricals: one 0/1 slot per value ("cut" becomes 5 slots: Fair ... Ideal). Numbers: standardized to mean 0 and
// variance 1 on the training rows. Then everything goes into the single "Features" vector the trainers read.
var preprocessing = ml.Transforms.Categorical.OneHotEncoding([new("cut"), new("color"), new("clarity")])
    .Append(ml.Transforms.Concatenate("Numeric", "carat", "depth", "table", "x", "y", "z"))
    .Append(ml.Transforms.NormalizeMeanVariance("Numeric"))
    .Append(ml.Transforms.Concatenate("Features", "Numeric", "cut", "color", "clarity"));

var deep = TrainingProgressDisplay.Run("DeepMlp on diamonds", progress => preprocessing
    .Append(ml.Regression.Trainers.DeepMlp(new DeepMlpRegressionTrainer.Options { NumberOfEpochs = epochs, Progress = progress }))
    .Fit(train));
var tree = preprocessing.Append(ml.Regression.Trainers.FastTree()).Fit(train);
Console.WriteLine(deep.LastTransformer.Model);

// The regression report (RMSE, MAE, R², MAPE) of each model on the same test rows, side by side.
Console.WriteLine("\nTest metrics:");
Console.WriteLine(MetricsComparison.Compare(
    ("DeepMlp", ml.Regression.EvaluateReport(deep.Transform(test))),
    ("FastTree", ml.Regression.EvaluateReport(tree.Transform(test)))));

// A few test rows, spread over the test set: what each model predicts against the actual price.
using var deepEngine = ml.Model.CreatePredictionEngine<Diamond, PricePrediction>(deep);
using var treeEngine = ml.Model.CreatePredictionEngine<Diamond, PricePrediction>(tree);
var rows = ml.Data.CreateEnumerable<Diamond>(test, reuseRowObject: false).ToList();
Console.WriteLine("Predicted against actual price (USD) for test rows:");
Console.WriteLine($"  {"carat",5} {"cut",-9} {"color",5} {"clarity",7} {"actual",8} {"DeepMlp",8} {"FastTree",8}");
foreach (var row in Enumerable.Range(0, 8).Select(i => rows[i * rows.Count / 8]))
{
    Console.WriteLine(string.Create(culture,
        $"  {row.Carat,5:F2} {row.Cut,-9} {row.Color,5} {row.Clarity,7} {row.Price,8:F0} {deepEngine.Predict(row).Score,8:F0} {treeEngine.Predict(row).Score,8:F0}"));
}

/// <summary>A row of examples/data/diamonds.csv.</summary>
internal sealed class Diamond
{
    /// <summary>Weight in carats.</summary>
    [LoadColumn(0), ColumnName("carat")] public float Carat { get; set; }

    /// <summary>Cut quality: Fair, Good, Very Good, Premium, Ideal.</summary>
    [LoadColumn(1), ColumnName("cut")] public string Cut { get; set; } = "";

    /// <summary>Colour grade, D (best) to J.</summary>
    [LoadColumn(2), ColumnName("color")] public string Color { get; set; } = "";

    /// <summary>Clarity grade, I1 (worst) to IF.</summary>
    [LoadColumn(3), ColumnName("clarity")] public string Clarity { get; set; } = "";

    /// <summary>Total depth percentage.</summary>
    [LoadColumn(4), ColumnName("depth")] public float Depth { get; set; }

    /// <summary>Width of the top relative to the widest point.</summary>
    [LoadColumn(5), ColumnName("table")] public float Table { get; set; }

    /// <summary>Length in mm.</summary>
    [LoadColumn(6), ColumnName("x")] public float X { get; set; }

    /// <summary>Width in mm.</summary>
    [LoadColumn(7), ColumnName("y")] public float Y { get; set; }

    /// <summary>Depth in mm.</summary>
    [LoadColumn(8), ColumnName("z")] public float Z { get; set; }

    /// <summary>Price in USD: the label.</summary>
    [LoadColumn(9), ColumnName("Label")] public float Price { get; set; }
}

/// <summary>A regression prediction: the predicted price in USD.</summary>
internal sealed class PricePrediction
{
    /// <summary>The predicted price (label units).</summary>
    public float Score { get; set; }
}
