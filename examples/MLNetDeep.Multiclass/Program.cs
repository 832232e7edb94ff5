using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep;
using MLNetDeep.Examples;
using MLNetDeep.Scoring;

// Multiclass classification with class NAMES in and out, on the bundled Landsat satellite data (36 band values per
// pixel neighbourhood, 6 soil and crop classes given as text). MapValueToKey turns the text label into the key column
// the trainer needs, MapKeyToValue turns the predicted key back into a name, and the report names every class. The
// model is saved, reloaded and asked for a few predictions with their probabilities.
// Options: --sample F (fraction of the 6,435 rows, default 1), --epochs N (default 20).
var culture = CultureInfo.InvariantCulture;
double sample = ExampleOptions.Number(args, "--sample", 1);
int epochs = ExampleOptions.Integer(args, "--epochs", 20);
const int Seed = 1;
var ml = new MLContext(seed: Seed);

IDataView data = ml.Data.LoadFromTextFile<SatelliteInput>(BundledDatasets.PathOf("satellite.csv"), separatorChar: ',', hasHeader: true, allowQuoting: true);
var split = ml.Data.TrainTestSplit(ExampleOptions.Sample(ml, data, sample, Seed), testFraction: 0.2, seed: Seed);

// Text label -> key column "Label" (its key values are the class names); the 36 bands -> standardized "Features";
// after the trainer, the predicted key -> the class name, in "PredictedClass". The progress bar comes through Progress.
var model = TrainingProgressDisplay.Run("DeepMlp on satellite", progress =>
    ml.Transforms.Conversion.MapValueToKey("Label", nameof(SatelliteInput.Class))
        .Append(ml.Transforms.NormalizeMeanVariance("Features", nameof(SatelliteInput.Bands)))
        .Append(ml.MulticlassClassification.Trainers.DeepMlp(new DeepMlpMulticlassTrainer.Options { NumberOfEpochs = epochs, Progress = progress }))
        .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedClass", "PredictedLabel"))
        .Fit(split.TrainSet));

// The report reads the class names from the label's key values: micro/macro accuracy, log-loss, macro F1,
// then precision, recall and F1 per class, then the confusion matrix.
IDataView scoredTest = model.Transform(split.TestSet);
Console.WriteLine($"\nSatellite: {Count(split.TrainSet)} training and {Count(split.TestSet)} test rows, {epochs} epochs\n");
Console.WriteLine(ml.MulticlassClassification.EvaluateReport(scoredTest));

// Save the whole pipeline (label map, normalizer, network, key-to-name map) as one zip, and load it back as a
// deployed app would (MLNetDeep.Scoring checks the zip first; plain ml.Model.Load reads it too).
string folder = Path.GetFullPath("out");
Directory.CreateDirectory(folder);
string modelPath = Path.Combine(folder, "satellite-model.zip");
MLNetDeepScoring.SaveModel(ml, model, split.TrainSet.Schema, modelPath);
using var loaded = MLNetDeepScoring.LoadModel(ml, modelPath, out _);
Console.WriteLine($"Saved the pipeline to {modelPath} and loaded it back.");

// The Score vector holds one probability per class; its slot names are the class names, in the same order.
using var engine = ml.Model.CreatePredictionEngine<SatelliteInput, SatellitePrediction>(loaded);
var classNames = default(VBuffer<ReadOnlyMemory<char>>);
engine.OutputSchema["Score"].GetSlotNames(ref classNames);
string[] names = [.. classNames.DenseValues().Select(n => n.ToString())];

var testRows = ml.Data.CreateEnumerable<SatelliteInput>(split.TestSet, reuseRowObject: false).ToList();
string[] inProcess = [.. scoredTest.GetColumn<string>("PredictedClass")];
int agree = testRows.Select((row, i) => engine.Predict(row).PredictedClass == inProcess[i]).Count(same => same);
Console.WriteLine($"The reloaded model predicts the same class as the trained one for {agree} of {testRows.Count} test rows.");

Console.WriteLine("\nPredictions of the reloaded model for test rows spread over the test set:");
Console.WriteLine($"  {"actual",-20} {"predicted",-20} {"probability",11}   runner-up");
foreach (var row in Enumerable.Range(0, 8).Select(i => testRows[i * testRows.Count / 8]))
{
    var prediction = engine.Predict(row);
    var ranked = prediction.Score.Select((p, c) => (Name: names[c], Probability: p)).OrderByDescending(x => x.Probability).ToList();
    Console.WriteLine(string.Create(culture,
        $"  {row.Class,-20} {prediction.PredictedClass,-20} {ranked[0].Probability,11:F4}   {ranked[1].Name} ({ranked[1].Probability:F4})"));
}

static long Count(IDataView view) => view.GetColumn<string>(nameof(SatelliteInput.Class)).LongCount();

/// <summary>A row of examples/data/satellite.csv: 36 band values and the class name.</summary>
internal sealed class SatelliteInput
{
    /// <summary>Four spectral bands for each pixel of a 3×3 neighbourhood.</summary>
    [LoadColumn(0, 35), VectorType(36)] public float[] Bands { get; set; } = [];

    /// <summary>The soil or crop class, as text ("grey soil", "cotton crop", ...).</summary>
    [LoadColumn(36)] public string Class { get; set; } = "";
}

/// <summary>What the pipeline adds that the example reads: the class name and the probabilities.</summary>
internal sealed class SatellitePrediction
{
    /// <summary>The predicted class name (MapKeyToValue of PredictedLabel).</summary>
    public string PredictedClass { get; set; } = "";

    /// <summary>One probability per class, in the order of the Score column's slot names.</summary>
    public float[] Score { get; set; } = [];
}
