using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Tasks;
using MLNetDeep.Onnx;
using MLNetDeep.Snapshots;
using MLNetDeep.Tests.Onnx;

namespace MLNetDeep.Tests.Persistence;

[TestClass]
public sealed class PersistenceTests
{
    private const string RawColumn = "Raw";
    private static readonly string[] PredictionColumnNames = ["Score", "Probability", "PredictedLabel"];
    private readonly MLContext _mlContext = new(seed: 1);
    private string _folder = string.Empty;


    [TestInitialize]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "MLNetDeep.Tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TestCleanup]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [TestMethod]
    [DataRow("binary")]
    [DataRow("multiclass")]
    [DataRow("regression")]
    public void Save_ThenLoadInProcess_GivesSameOutputsAndColumnTypes(string task)
    {
        PredictionTask head = Head(task);
        (ITransformer model, IDataView raw) = Pipeline(head);
        IDataView expected = model.Transform(raw);
        string path = Path.Combine(_folder, "model.zip");

        _mlContext.Model.Save(model, raw.Schema, path);
        ITransformer loaded = _mlContext.Model.Load(path, out DataViewSchema inputSchema);
        IDataView actual = loaded.Transform(raw);

        Assert.AreEqual(raw.Schema[RawColumn].Type, inputSchema[RawColumn].Type);
        foreach (string column in PredictionColumnNames.Where(c => expected.Schema.GetColumnOrNull(c) is not null))
        {
            Assert.AreEqual(expected.Schema[column].Type, actual.Schema[column].Type, column);
        }

        if (head is MulticlassClassificationTask)
        {
            VBuffer<ReadOnlyMemory<char>> names = default;
            actual.Schema["PredictedLabel"].GetKeyValues(ref names);
            CollectionAssert.AreEqual(TestData.ClassNames.Take(3).ToArray(), names.DenseValues().Select(n => n.ToString()).ToArray());
        }

        ScoredRows.AssertEqual(ScoredRows.Read(expected, task), ScoredRows.Read(actual, task), "reloaded");
    }

    [TestMethod]
    [DataRow("binary")]
    [DataRow("multiclass")]
    [DataRow("regression")]
    public void Save_ThenLoadInAnotherProcess_GivesSamePredictions(string task)
    {
        PredictionTask head = Head(task);
        (ITransformer model, IDataView raw) = Pipeline(head);
        List<double[]> expected = ScoredRows.Read(model.Transform(raw), task);
        string modelPath = Path.Combine(_folder, "model.zip");
        string inputPath = Path.Combine(_folder, "input.idv");
        _mlContext.Model.Save(model, raw.Schema, modelPath);
        using (FileStream stream = File.Create(inputPath))
        {
            _mlContext.Data.SaveAsBinary(raw, stream);
        }

        string[] lines = ScoringHostRunner.Score(task, modelPath, inputPath);

        ScoredRows.AssertEqual(expected, ScoredRows.Parse(lines, "transform"), "host Transform");
        ScoredRows.AssertEqual(expected, ScoredRows.Parse(lines, "engine"), "host PredictionEngine");
    }

    [TestMethod]
    public void ScoringHost_DeploysWithoutTorchSharp()
    {
        string folder = ScoringHostRunner.OutputFolder;

        string[] torchFiles = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f).Contains("torch", StringComparison.OrdinalIgnoreCase)).ToArray();
        string deps = File.ReadAllText(Path.Combine(folder, ScoringHostRunner.AssemblyName + ".deps.json"));

        Assert.IsEmpty(torchFiles, string.Join(", ", torchFiles));
        Assert.DoesNotContain("TorchSharp", deps, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"MLNetDeep/", deps);
    }

    [TestMethod]
    [DataRow("binary")]
    [DataRow("multiclass")]
    [DataRow("regression")]
    public void SaveAsOnnx_RunInOnnxRuntime_EqualsTransform(string task)
    {
        PredictionTask head = Head(task);
        NetworkSnapshot network = TestNetworks.Create(head, activation: Activation.GELU);
        var rows = TestData.Rows(network);
        IDataView data = TestData.Load(_mlContext, network, rows);
        using DeepMlpTransformer model = TestData.Transformer(network, data);
        string path = Path.Combine(_folder, "model.onnx");

        model.SaveAsOnnx(path);
        Dictionary<string, float[][]> onnx = OnnxRunner.Run(File.ReadAllBytes(path), TestData.Features, rows.Select(r => r.Features).ToArray());

        List<double[]> expected = ScoredRows.Read(model.Transform(data), task);
        List<double[]> actual = Enumerable.Range(0, rows.Count).Select(i => head switch
        {
            BinaryClassificationTask => [onnx["score"][i][0], onnx["probability"][i][0], onnx["score"][i][0] > 0 ? 1 : 0],
            MulticlassClassificationTask => onnx["probability"][i].Select(v => (double)v).Append(onnx["predicted_class"][i][0] + 1).ToArray(),
            _ => new double[] { onnx["score"][i][0] },
        }).ToList();
        ScoredRows.AssertEqual(expected, actual, "standalone ONNX");
    }

    [TestMethod]
    [DataRow("binary")]
    [DataRow("multiclass")]
    [DataRow("regression")]
    public void AppendOutputColumns_DescribesTheColumnsTransformProduces(string task)
    {
        PredictionTask head = Head(task);
        NetworkSnapshot network = TestNetworks.Create(head);
        IDataView data = TestData.Load(_mlContext, network, TestData.Rows(network));
        using DeepMlpTransformer model = TestData.Transformer(network, data);
        SchemaShape input = LabelShape(head);

        SchemaShape shape = head.AppendOutputColumns(_mlContext, input, input.Single(c => c.Name == TestData.Label));

        DataViewSchema actual = model.GetOutputSchema(data.Schema);
        var added = shape.Where(c => c.Name is "Score" or "Probability" or "PredictedLabel").ToList();
        Assert.HasCount(PredictionColumnNames.Count(n => actual.GetColumnOrNull(n) is not null), added);
        Assert.IsTrue(shape.Any(c => c.Name == TestData.Label), "input columns are kept");
        foreach (SchemaShape.Column column in added)
        {
            DataViewType type = actual[column.Name].Type;
            // SchemaShape describes a key by IsKey and its raw type, as ML.NET's own estimators do.
            DataViewType item = type is VectorDataViewType vector ? vector.ItemType : type is KeyDataViewType ? NumberDataViewType.UInt32 : type;
            Assert.AreEqual(item, column.ItemType, column.Name);
            Assert.AreEqual(type is VectorDataViewType ? SchemaShape.Column.VectorKind.Vector : SchemaShape.Column.VectorKind.Scalar, column.Kind, column.Name);
            Assert.AreEqual(type is KeyDataViewType, column.IsKey, column.Name);
            CollectionAssert.AreEquivalent(
                actual[column.Name].Annotations.Schema.Select(a => a.Name).ToArray(),
                column.Annotations.Select(a => a.Name).ToArray(),
                column.Name);
        }
    }

    private static PredictionTask Head(string task) => task switch
    {
        "binary" => new BinaryClassificationTask(),
        "multiclass" => new MulticlassClassificationTask(3),
        _ => new RegressionTask(-4f, 2.5f),
    };

    /// <summary>Concatenate → NormalizeMeanVariance → the network, fitted on data whose features arrive as the "Raw" vector.</summary>
    private (ITransformer Model, IDataView Raw) Pipeline(PredictionTask head)
    {
        NetworkSnapshot network = TestNetworks.Create(head, inputSize: 4, activation: Activation.ELU);
        IDataView raw = TestData.Load(_mlContext, network, TestData.Rows(network, 30), RawColumn);
        var preprocessing = _mlContext.Transforms.Concatenate(TestData.Features, RawColumn)
            .Append(_mlContext.Transforms.NormalizeMeanVariance(TestData.Features))
            .Fit(raw);
        var network0 = TestData.Transformer(network, preprocessing.Transform(raw));
        return (preprocessing.Append(network0), raw);
    }

    /// <summary>A shape with the task's Label column as an estimator pipeline sees it (SchemaShape.Create is internal).</summary>
    private SchemaShape LabelShape(PredictionTask head)
    {
        SchemaShape shape = _mlContext.Transforms.CustomMapping<OutputColumnProbe.NoInput, LabelSource>(static (_, _) => { }, null)
            .GetOutputSchema(new SchemaShape([]));
        return head switch
        {
            BinaryClassificationTask => _mlContext.Transforms.CopyColumns(TestData.Label, nameof(LabelSource.Flag)).GetOutputSchema(shape),
            MulticlassClassificationTask => _mlContext.Transforms.Conversion.MapValueToKey(TestData.Label, nameof(LabelSource.Text)).GetOutputSchema(shape),
            _ => _mlContext.Transforms.CopyColumns(TestData.Label, nameof(LabelSource.Value)).GetOutputSchema(shape),
        };
    }

    public sealed class LabelSource
    {
        public string Text { get; set; } = string.Empty;
        public bool Flag { get; set; }
        public float Value { get; set; }
    }
}
