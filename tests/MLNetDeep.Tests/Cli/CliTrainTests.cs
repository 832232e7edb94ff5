using System.IO.Compression;

namespace MLNetDeep.Tests.Cli;

/// <summary>
/// End-to-end tests of <c>mlnetdeep</c> in a child process on small samples of the bundled data with a budget of a few
/// trials (and a generous time cap, so that a loaded machine changes nothing): one binary model (pima) is trained once
/// for the class and read by evaluate, predict, inspect and the generated code; multiclass and regression train on
/// their own samples (<see cref="CliTaskTests"/>).
/// </summary>
[TestClass]
public sealed class CliTrainTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>The pima model, trained once for the class by the first test that needs it: its folder and train's output.</summary>
    private static readonly Lazy<(string Folder, string Output)> Trained = new(TrainPima, LazyThreadSafetyMode.ExecutionAndPublication);

    private static string TrainedFolder => Trained.Value.Folder;

    private static string TrainOutput => Trained.Value.Output;

    private static (string Folder, string Output) TrainPima()
    {
        string folder = Directory.CreateTempSubdirectory("mlnetdeep-cli-").FullName;
        string data = CliRunner.Subsample("pima_diabetes.csv", 1, Path.Combine(folder, "pima.csv"));
        var (code, output, errors) = CliRunner.Run(folder, Timeout,
            "train", "--dataset", data, "--label", "diabetes", "--time", "120", "--trials", "4", "--output", "out", "--seed", "3", "--scoring-project", CliRunner.ScoringProject);
        Assert.AreEqual(0, code, output + errors);
        return (folder, output);
    }

    [ClassCleanup]
    public static void DeleteFolder()
    {
        if (Trained.IsValueCreated)
            Directory.Delete(Trained.Value.Folder, recursive: true);
    }

    private static string Out(string name) => Path.Combine(TrainedFolder, "out", name);

    [TestMethod]
    public void Train_Binary_InfersTaskPrintsTestTableAndWritesEveryOutput()
    {
        StringAssert.Contains(TrainOutput, "Task: binary (inferred: two values), label 'diabetes'; positive class 'pos', negative 'neg'");
        StringAssert.Contains(TrainOutput, "glucose    numeric");
        StringAssert.Contains(TrainOutput, "Baseline FastTree: fitted");
        StringAssert.Contains(TrainOutput, "Baseline LightGBM: fitted");
        StringAssert.Contains(TrainOutput, "or 4 trials, whichever ends first:");
        StringAssert.Contains(TrainOutput, "trial   3:");
        StringAssert.Contains(TrainOutput, "4 trials (");
        StringAssert.Matches(TrainOutput, new System.Text.RegularExpressions.Regex(@"Metric\s+DeepMlp\s+FastTree\s+LightGBM"));
        StringAssert.Matches(TrainOutput, new System.Text.RegularExpressions.Regex(@"AUC\s+0\.\d{4}\s+0\.\d{4}\s+0\.\d{4}"));
        StringAssert.Contains(TrainOutput, "model.onnx: the whole pipeline");
        foreach (string file in new[] { "model.zip", "model.onnx", "train.csv", "test.csv", "report/diagnosis.md", "report/loss.png", "report/search.csv",
            "report/search-best-so-far.png", "report/test-metrics.txt", "code/ConsoleApp/Program.cs", "code/ConsoleApp/ModelTypes.cs", "code/WebApi/Program.cs" })
            Assert.IsTrue(File.Exists(Out(file)), file);
        // 768 rows: 15% stratified test rows, the rest for training and validation; test.csv has the label and the 8 features.
        int testRows = File.ReadAllLines(Out("test.csv")).Length - 1, trainRows = File.ReadAllLines(Out("train.csv")).Length - 1;
        Assert.AreEqual(768, testRows + trainRows);
        Assert.AreEqual(115, testRows);
        Assert.AreEqual("diabetes,pregnant,glucose,pressure,triceps,insulin,mass,pedigree,age", File.ReadLines(Out("test.csv")).First());
    }

    [TestMethod]
    public void Evaluate_TestSplit_PrintsTheSameMetricAsTrain()
    {
        var (code, output, errors) = CliRunner.Run(TrainedFolder, Timeout, "evaluate", "--model", Out("model.zip"), "--dataset", Out("test.csv"), "--label", "diabetes");
        Assert.AreEqual(0, code, output + errors);
        StringAssert.Contains(output, "binary model");
        StringAssert.Matches(output, new System.Text.RegularExpressions.Regex(@"Balanced accuracy\s+0\.\d{4}"));
        Assert.AreEqual(CliRunner.NumberAfter(TrainOutput, "scored on test.csv: AUC"), CliRunner.NumberAfter(output, "AUC (ML.NET's evaluator)"), 1e-9);
    }

    [TestMethod]
    public void Evaluate_RowsWithoutALabelAreLeftOut_AndAThirdLabelValueIsAnError()
    {
        var lines = File.ReadAllLines(Out("test.csv"));
        string Relabel(string line, string label) => label + line[line.IndexOf(',', StringComparison.Ordinal)..];
        File.WriteAllLines(Path.Combine(TrainedFolder, "gaps.csv"), lines.Select((l, i) => i > 0 && i % 5 == 0 ? Relabel(l, "NA") : l));
        var (code, output, errors) = CliRunner.Run(TrainedFolder, Timeout, "evaluate", "--model", Out("model.zip"), "--dataset", "gaps.csv", "--label", "diabetes");
        Assert.AreEqual(0, code, output + errors);
        StringAssert.Contains(output, $"on {115 - 23} rows of gaps.csv (23 rows without a label left out)");

        File.WriteAllLines(Path.Combine(TrainedFolder, "third.csv"), lines.Select((l, i) => i == 3 ? Relabel(l, "maybe") : l));
        var (failed, error) = CliRunner.RunFailing(TrainedFolder, "evaluate", "--model", Out("model.zip"), "--dataset", "third.csv", "--label", "diabetes");
        Assert.AreEqual(1, failed);
        StringAssert.Contains(error, "has 3 values (maybe, neg, pos), but the model is binary");
    }

    [TestMethod]
    public void Predict_RowsWithoutLabel_AppendsPredictionAndProbability()
    {
        var lines = File.ReadAllLines(Out("test.csv"));
        File.WriteAllLines(Path.Combine(TrainedFolder, "rows.csv"), lines.Take(6).Select(l => l[(l.IndexOf(',', StringComparison.Ordinal) + 1)..]));
        var (code, output, errors) = CliRunner.Run(TrainedFolder, Timeout, "predict", "--model", Out("model.zip"), "--input", "rows.csv", "--output", "scored.csv");
        Assert.AreEqual(0, code, output + errors);
        var scored = File.ReadAllLines(Path.Combine(TrainedFolder, "scored.csv"));
        Assert.AreEqual("pregnant,glucose,pressure,triceps,insulin,mass,pedigree,age,PredictedLabel,Probability", scored[0]);
        Assert.HasCount(6, scored);
        foreach (string row in scored.Skip(1))
        {
            var fields = row.Split(',');
            float probability = float.Parse(fields[^1], System.Globalization.CultureInfo.InvariantCulture);
            Assert.IsTrue(probability is > 0 and < 1, row);
            Assert.AreEqual(probability > 0.5f ? "pos" : "neg", fields[^2], row);
        }
    }

    [TestMethod]
    public void Inspect_Model_VerifiesAndShowsSummaryAndRunRecord()
    {
        var (code, output, errors) = CliRunner.Run(TrainedFolder, Timeout, "inspect", "--model", Out("model.zip"));
        Assert.AreEqual(0, code, output + errors);
        StringAssert.Contains(output, "Integrity: verified");
        StringAssert.Contains(output, "Task: binary; label 'diabetes'");
        StringAssert.Contains(output, "Total parameters:");
        StringAssert.Contains(output, "\"Format\": \"MLNetDeep.RunRecord.v1\"");
    }

    [TestMethod]
    public void Inspect_TamperedModel_FailsWithUserError()
    {
        string copy = Path.Combine(TrainedFolder, "tampered.zip");
        File.Copy(Out("model.zip"), copy, overwrite: true);
        using (var zip = ZipFile.Open(copy, ZipArchiveMode.Update))
        {
            using var writer = new StreamWriter(zip.CreateEntry("extra.txt").Open());
            writer.Write("not part of the model");
        }
        var (code, error) = CliRunner.RunFailing(TrainedFolder, "inspect", "--model", copy);
        Assert.AreEqual(1, code, error);
        StringAssert.Contains(error, "is not an MLNetDeep model");
    }

    [TestMethod]
    public void GeneratedCode_BuildsBothProjects_ConsoleAppReproducesTheMetric()
    {
        foreach (string project in new[] { "ConsoleApp", "WebApi" })
        {
            var build = ChildProcess.RunCommand("dotnet", Out("code/" + project), Timeout, "build", "-c", "Release", "-nologo", "-v", "q");
            Assert.AreEqual(0, build.ExitCode, $"{project}:\n{build.Output}\n{build.Errors}");
        }
        var (code, output, errors) = ChildProcess.Run(Out("code/ConsoleApp/bin/Release/net10.0/ConsoleApp.dll"), TrainedFolder, Timeout);
        Assert.AreEqual(0, code, output + errors);
        StringAssert.Contains(output, "First test row: predicted ");
        Assert.AreEqual(CliRunner.NumberAfter(TrainOutput, "scored on test.csv: AUC"), CliRunner.NumberAfter(output, "test.csv: AUC"), 1e-6);
    }
}
