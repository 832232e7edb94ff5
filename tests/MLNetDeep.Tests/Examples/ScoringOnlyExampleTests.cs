using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Examples;
using MLNetDeep.Scoring;

namespace MLNetDeep.Tests.Examples;

/// <summary>
/// examples/MLNetDeep.ScoringOnly, built without TorchSharp, loads a saved spambase zip and reports the metrics the
/// fitted model has in-process on the rows the demo holds out; a missing file, a file that is not a model and another
/// dataset's model each stop it with a message that says so.
/// </summary>
[TestClass]
public sealed partial class ScoringOnlyExampleTests
{
    private const string Example = "MLNetDeep.ScoringOnly";

    [TestMethod]
    public void Example_ScoresTheSavedZip_WithTheMetricsOfTheFittedModel()
    {
        string folder = Directory.CreateTempSubdirectory("mlnetdeep-scoring-only-").FullName;
        try
        {
            var ml = new MLContext(seed: 1);
            var (data, preprocessing) = BundledDatasets.Spambase(ml);
            // 64 shuffled rows (spambase lists the spam first) and a small network: the test checks scoring, not training.
            IDataView rows = ml.Data.Cache(ml.Data.TakeRows(ml.Data.ShuffleRows(data, seed: 1, shufflePoolSize: 5000), 64));
            var model = preprocessing.Append(ml.BinaryClassification.Trainers.DeepMlp(
                new DeepMlpBinaryTrainer.Options { HiddenLayerSizes = [8], NumberOfEpochs = 3 })).Fit(rows);
            string modelPath = Path.Combine(folder, "model.zip");
            MLNetDeepScoring.SaveModel(ml, model, data.Schema, modelPath);
            IDataView heldOut = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1).TestSet;
            var expected = ml.BinaryClassification.Evaluate(model.Transform(heldOut));

            string output = ExampleRunner.Run(Example, TimeSpan.FromMinutes(1), "--model", modelPath);

            var printed = MetricLine().Matches(output).ToDictionary(m => m.Groups["name"].Value, m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
            Assert.HasCount(6, printed, output);
            Assert.AreEqual(expected.Accuracy, printed["Accuracy"], 1e-5, output);
            Assert.AreEqual(expected.AreaUnderRocCurve, printed["AreaUnderRocCurve"], 1e-5, output);
            Assert.AreEqual(expected.F1Score, printed["F1Score"], 1e-5, output);
            Assert.AreEqual(expected.PositivePrecision, printed["PositivePrecision"], 1e-5, output);
            Assert.AreEqual(expected.PositiveRecall, printed["PositiveRecall"], 1e-5, output);
            Assert.AreEqual(expected.LogLoss, printed["LogLoss"], 1e-5, output);
            Assert.HasCount(6, PredictionLine().Matches(output), output);
            StringAssert.Contains(output, string.Create(CultureInfo.InvariantCulture, $"Evaluated on the rows of spambase.csv that the demo held out (20%, {heldOut.GetColumn<float[]>("Raw").Count():N0} rows):"));
            Assert.DoesNotContain("warning", output, "a zip saved by SaveModel loads without warnings");

            string exampleFolder = Path.GetDirectoryName(ExampleRunner.DllPath(Example))!;
            Assert.IsEmpty(Directory.GetFiles(exampleFolder, "*orch*", SearchOption.AllDirectories), "the example is built without TorchSharp or libtorch");
            Assert.IsFalse(File.Exists(Path.Combine(exampleFolder, "MLNetDeep.dll")), "the example is built without MLNetDeep");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void Example_GivenAMissingOrForeignModel_StopsWithAClearMessage()
    {
        string folder = Directory.CreateTempSubdirectory("mlnetdeep-scoring-only-").FullName;
        try
        {
            var missing = Run(folder, "missing.zip");
            Assert.AreEqual(2, missing.ExitCode, missing.Errors);
            StringAssert.Contains(missing.Errors, "missing.zip not found. Train and save a model first: dotnet run -c Release --project examples/MLNetDeep.Demo");

            using (var zip = ZipFile.Open(Path.Combine(folder, "notes.zip"), ZipArchiveMode.Create))
            using (var writer = new StreamWriter(zip.CreateEntry("notes.txt").Open()))
                writer.Write("not a model");
            var notAModel = Run(folder, "notes.zip");
            Assert.AreEqual(1, notAModel.ExitCode, notAModel.Errors);
            StringAssert.Contains(notAModel.Errors, "notes.zip cannot be loaded: ");

            // A valid ML.NET zip of another dataset: loads, but its input is not spambase's.
            var ml = new MLContext(seed: 1);
            var (diamonds, _) = BundledDatasets.Diamonds(ml);
            ml.Model.Save(ml.Transforms.NormalizeMinMax("carat").Fit(diamonds), diamonds.Schema, Path.Combine(folder, "diamonds.zip"));
            var otherModel = Run(folder, "diamonds.zip");
            Assert.AreEqual(1, otherModel.ExitCode, otherModel.Errors);
            StringAssert.Contains(otherModel.Errors, "expected a spambase model (from examples/MLNetDeep.Demo) whose input has a column 'Raw' of 57 Singles; this one has: carat (Single), cut (String)");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (int ExitCode, string Output, string Errors) Run(string folder, string model) =>
        ChildProcess.Run(ExampleRunner.DllPath(Example), folder, TimeSpan.FromMinutes(1), "--model", model);

    [GeneratedRegex(@"^  (?<name>Accuracy|AreaUnderRocCurve|F1Score|PositivePrecision|PositiveRecall|LogLoss) +(?<value>\d+\.\d{6})\r?$", RegexOptions.Multiline)]
    private static partial Regex MetricLine();

    [GeneratedRegex(@"^ +\d+ (spam|nonspam) +(spam|nonspam) +[01]\.\d{4} +-?\d+\.\d{3}\r?$", RegexOptions.Multiline)]
    private static partial Regex PredictionLine();
}
