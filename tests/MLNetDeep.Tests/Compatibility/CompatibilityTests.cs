using System.Runtime.CompilerServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Onnx;
using MLNetDeep.Snapshots;
using MLNetDeep.Tests.Onnx;
using MLNetDeep.Tests.Persistence;

namespace MLNetDeep.Tests.Compatibility;

/// <summary>
/// Models saved by earlier versions must keep loading. Each folder (v0.1.0, …) holds, per task, the saved model
/// (<c>task.zip</c>), its input (<c>task-input.idv</c>) and the predictions it gave then (<c>task-expected.tsv</c>).
/// </summary>
[TestClass]
public sealed class CompatibilityTests
{
    private const string Version = "v0.1.0";
    private const string RegenerateVariable = "MLNETDEEP_WRITE_COMPATIBILITY_FILES";
    private readonly MLContext _mlContext = new(seed: 1);

    [TestMethod]
    [DataRow("binary")]
    [DataRow("multiclass")]
    [DataRow("regression")]
    public void SavedModelFromV010_PassesLoadModelsChecks_WithTheNoManifestWarning(string task)
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "Compatibility", Version);

        var model = MLNetDeep.Scoring.MLNetDeepScoring.LoadModel(_mlContext, Path.Combine(folder, task + ".zip"), out _);
        IDataView scored = model.Transform(_mlContext.Data.LoadFromBinary(Path.Combine(folder, task + "-input.idv")));

        StringAssert.StartsWith(model.LoadWarnings.Single(), "The model has no manifest");
        List<double[]> expected = ScoredRows.Parse(File.ReadAllLines(Path.Combine(folder, task + "-expected.tsv")), "transform");
        ScoredRows.AssertEqual(expected, ScoredRows.Read(scored, task), $"{Version} {task} through LoadModel");
    }

    [TestMethod]
    [DataRow("binary")]
    [DataRow("multiclass")]
    [DataRow("regression")]
    public void SavedModelFromV010_LoadsAndGivesTheSamePredictions(string task)
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "Compatibility", Version);

        ITransformer model = _mlContext.Model.Load(Path.Combine(folder, task + ".zip"), out _);
        IDataView scored = model.Transform(_mlContext.Data.LoadFromBinary(Path.Combine(folder, task + "-input.idv")));

        List<double[]> expected = ScoredRows.Parse(File.ReadAllLines(Path.Combine(folder, task + "-expected.tsv")), "transform");
        ScoredRows.AssertEqual(expected, ScoredRows.Read(scored, task), $"{Version} {task}");
        if (task == "multiclass")
        {
            VBuffer<ReadOnlyMemory<char>> names = default;
            scored.Schema["PredictedLabel"].GetKeyValues(ref names);
            CollectionAssert.AreEqual(TestData.ClassNames.Take(3).ToArray(), names.DenseValues().Select(n => n.ToString()).ToArray());

            // Models saved before Score had slot names load as they were saved: without them.
            Assert.IsNull(scored.Schema["Score"].Annotations.Schema.GetColumnOrNull("SlotNames"));
        }
    }

    [TestMethod]
    [DataRow("binary")]
    [DataRow("multiclass")]
    [DataRow("regression")]
    public void SavedModelFromV010_LoadsInAnAppWithoutMLNetDeep(string task)
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "Compatibility", Version);
        string work = Path.Combine(Path.GetTempPath(), "MLNetDeep.Tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            File.Copy(Path.Combine(folder, task + ".zip"), Path.Combine(work, task + ".zip"));

            string[] lines = ScoringHostRunner.Score(task, Path.Combine(work, task + ".zip"), Path.Combine(folder, task + "-input.idv"));

            List<double[]> expected = ScoredRows.Parse(File.ReadAllLines(Path.Combine(folder, task + "-expected.tsv")), "transform");
            ScoredRows.AssertEqual(expected, ScoredRows.Parse(lines, "transform"), "host Transform");
            ScoredRows.AssertEqual(expected, ScoredRows.Parse(lines, "engine"), "host PredictionEngine");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Writes the files of the current version's folder into the source tree. Run only when the format changes on purpose.</summary>
    [TestMethod]
    public void WriteCompatibilityFiles()
    {
        if (Environment.GetEnvironmentVariable(RegenerateVariable) != "1")
        {
            Assert.Inconclusive($"Set {RegenerateVariable}=1 to regenerate Compatibility/{Version}.");
        }

        string folder = Path.Combine(SourceFolder(), Version);
        Directory.CreateDirectory(folder);
        foreach ((string task, PredictionTask head) in new (string, PredictionTask)[]
        {
            ("binary", new BinaryClassificationTask()), ("multiclass", new MulticlassClassificationTask(3)), ("regression", new RegressionTask(10f, 4f)),
        })
        {
            NetworkSnapshot network = TestNetworks.Create(head, inputSize: 3, seed: 2024, activation: Activation.GELU, hidden: 4);
            IDataView data = TestData.Load(_mlContext, network, TestData.Rows(network, 12, seed: 5));
            IDataView input = _mlContext.Transforms.SelectColumns(TestData.Features, TestData.Label).Fit(data).Transform(data);
            using DeepMlpTransformer model = TestData.Transformer(network, input);

            _mlContext.Model.Save(model, input.Schema, Path.Combine(folder, task + ".zip"));
            using (FileStream stream = File.Create(Path.Combine(folder, task + "-input.idv")))
            {
                _mlContext.Data.SaveAsBinary(input, stream);
            }

            File.WriteAllLines(Path.Combine(folder, task + "-expected.tsv"), ScoredRows.Format(ScoredRows.Read(model.Transform(input), task), "transform"));
        }
    }

    private static string SourceFolder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
