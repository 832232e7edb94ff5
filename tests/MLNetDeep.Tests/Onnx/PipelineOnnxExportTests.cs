using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;
using static MLNetDeep.Tests.Onnx.PipelineOnnxRunner;

namespace MLNetDeep.Tests.Onnx;

/// <summary>
/// <c>mlContext.Model.SavePipelineAsOnnx</c>: one-hot encoding, normalizers and concatenation from ML.NET's converter,
/// the network appended at the same opset; ONNX Runtime scores the file as the pipeline's Transform does.
/// </summary>
[TestClass]
public sealed class PipelineOnnxExportTests : TemporaryFolderTest
{
    private const int ScoredRows = 25;
    private const int TextRows = 8;
    private static readonly string[] BinaryOutputs = ["Score", "Probability", "PredictedLabel"];
    private static readonly string[] DiamondInputs = ["Carat", "Clarity", "Color", "Cut", "Depth", "Table"];
    private static readonly string[] TextInputs = ["Carat", "Description"];

    [TestMethod]
    public void Binary_OneHotAndNormalizer_StreamOverload_OnnxRuntimeMatchesTransform()
    {
        var mlContext = new MLContext(seed: 1);
        IDataView data = PipelineOnnxTestData.Load(mlContext);
        var pipeline = Preprocessing(mlContext, "Cut", "Color", "Clarity")
            .Append(mlContext.BinaryClassification.Trainers.DeepMlp(new DeepMlpBinaryTrainer.Options
            {
                LabelColumnName = "Expensive", HiddenLayerSizes = [8], NumberOfEpochs = 2, Seed = 1, EnsembleSize = 2,
            }));
        var model = pipeline.Fit(data);

        using var stream = new MemoryStream();
        mlContext.Model.SavePipelineAsOnnx(model, data, stream);
        Assert.IsTrue(stream.CanWrite, "the stream is left open");
        byte[] onnx = stream.ToArray();

        IDataView rows = PipelineOnnxTestData.Head(mlContext, data, ScoredRows);
        IDataView expected = model.Transform(rows);
        Dictionary<string, Array> actual = Run(onnx, rows);
        CollectionAssert.AreEquivalent(BinaryOutputs, actual.Keys.ToArray());
        AssertClose([.. expected.GetColumn<float>("Score")], actual["Score"], "Score");
        AssertClose([.. expected.GetColumn<float>("Probability")], actual["Probability"], "Probability");
        CollectionAssert.AreEqual(expected.GetColumn<bool>("PredictedLabel").ToArray(), actual["PredictedLabel"]);
        (string[] inputs, Dictionary<string, long> opsets, _) = Describe(onnx);
        CollectionAssert.AreEqual(DiamondInputs, inputs, "only the columns the pipeline reads; not the label");
        Assert.AreEqual(12L, opsets[""], "one opset for the whole graph: the converter's");
    }

    [TestMethod]
    public void Multiclass_PredictedLabelIsTheClassName_OnnxRuntimeMatchesTransform()
    {
        var mlContext = new MLContext(seed: 2);
        IDataView data = PipelineOnnxTestData.Load(mlContext);
        var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Label", "Cut")
            .Append(Preprocessing(mlContext, "Color", "Clarity"))
            .Append(mlContext.MulticlassClassification.Trainers.DeepMlp(new DeepMlpMulticlassTrainer.Options
            {
                HiddenLayerSizes = [8], NumberOfEpochs = 2, Seed = 2, EnsembleSize = 2, Normalization = Normalization.BatchNorm,
            }));
        var model = pipeline.Fit(data);
        string path = Path.Combine(Folder, "multiclass.onnx");
        mlContext.Model.SavePipelineAsOnnx(model, data, path);

        IDataView rows = PipelineOnnxTestData.Head(mlContext, data, ScoredRows);
        IDataView expected = model.Transform(rows);
        Dictionary<string, Array> actual = Run(File.ReadAllBytes(path), rows);
        AssertClose([.. expected.GetColumn<float[]>("Score").SelectMany(s => s)], actual["Score"], "Score");
        IReadOnlyList<string> classes = model.LastTransformer.ClassNames!;
        string[] predicted = [.. expected.GetColumn<uint>("PredictedLabel").Select(key => classes[(int)key - 1])];
        CollectionAssert.AreEqual(predicted, actual["PredictedLabel"], "the class name of ML.NET's predicted key");
        Assert.IsGreaterThan(1, predicted.Distinct().Count(), "the rows are not all one class");
    }

    [TestMethod]
    public void Regression_LayerNormAndGelu_AreWrittenAtOpset12_OnnxRuntimeMatchesTransform()
    {
        var mlContext = new MLContext(seed: 3);
        IDataView data = PipelineOnnxTestData.Load(mlContext);
        var pipeline = Preprocessing(mlContext, "Cut", "Color", "Clarity", numeric: ["Carat", "Depth", "Table"])
            .Append(mlContext.Regression.Trainers.DeepMlp(new DeepMlpRegressionTrainer.Options
            {
                LabelColumnName = "Price", HiddenLayerSizes = [8, 8], NumberOfEpochs = 2, Seed = 3,
                Normalization = Normalization.LayerNorm, Activation = Activation.GELU,
            }));
        var model = pipeline.Fit(data);
        string path = Path.Combine(Folder, "regression.onnx");
        mlContext.Model.SavePipelineAsOnnx(model, data, path);

        IDataView rows = PipelineOnnxTestData.Head(mlContext, data, ScoredRows);
        Dictionary<string, Array> actual = Run(File.ReadAllBytes(path), rows);
        AssertClose([.. model.Transform(rows).GetColumn<float>("Score")], actual["Score"], "Score");
        (_, Dictionary<string, long> opsets, string[] operators) = Describe(File.ReadAllBytes(path));
        Assert.AreEqual(12L, opsets[""]);
        CollectionAssert.DoesNotContain(operators, "LayerNormalization", "opset 12 has no LayerNormalization");
        CollectionAssert.Contains(operators, "ReduceMean");
    }

    [TestMethod]
    [DataRow(Architecture.TabM)]
    [DataRow(Architecture.TabMMini)]
    public void Regression_TabM_IsWrittenAtOpset12_OnnxRuntimeMatchesTransform(Architecture family)
    {
        var mlContext = new MLContext(seed: 3);
        IDataView data = PipelineOnnxTestData.Load(mlContext);
        var pipeline = Preprocessing(mlContext, "Cut", "Color", "Clarity", numeric: ["Carat", "Depth", "Table"])
            .Append(mlContext.Regression.Trainers.DeepMlp(new DeepMlpRegressionTrainer.Options
            {
                LabelColumnName = "Price", HiddenLayerSizes = [8, 8], NumberOfEpochs = 2, Seed = 3,
                Architecture = family, NumberOfTabMMembers = 3, Normalization = Normalization.LayerNorm,
            }));
        var model = pipeline.Fit(data);
        string path = Path.Combine(Folder, $"regression-{family}.onnx");
        mlContext.Model.SavePipelineAsOnnx(model, data, path);

        IDataView rows = PipelineOnnxTestData.Head(mlContext, data, ScoredRows);
        Dictionary<string, Array> actual = Run(File.ReadAllBytes(path), rows);
        AssertClose([.. model.Transform(rows).GetColumn<float>("Score")], actual["Score"], $"{family} Score");
        (_, Dictionary<string, long> opsets, string[] operators) = Describe(File.ReadAllBytes(path));
        Assert.AreEqual(12L, opsets[""]);
        CollectionAssert.Contains(operators, "MatMul");
    }

    /// <summary>The converter's text steps take one row per call, so the file is scored row by row.</summary>
    [TestMethod]
    public void FeaturizedText_OnnxRuntimeMatchesTransform()
    {
        var mlContext = new MLContext(seed: 4);
        IDataView data = PipelineOnnxTestData.Load(mlContext);
        // The converter exports text normalization only when it keeps diacritics, numbers and punctuation.
        var text = new TextFeaturizingEstimator.Options { KeepDiacritics = true, KeepNumbers = true, KeepPunctuations = true };
        var pipeline = mlContext.Transforms.Text.FeaturizeText("DescriptionFeatures", text, "Description")
            .Append(mlContext.Transforms.NormalizeMeanVariance("Carat"))
            .Append(mlContext.Transforms.Concatenate("Features", "DescriptionFeatures", "Carat"))
            .Append(mlContext.BinaryClassification.Trainers.DeepMlp(labelColumnName: "Expensive", hiddenLayerSizes: [8], numberOfEpochs: 2, seed: 4));
        var model = pipeline.Fit(data);
        string path = Path.Combine(Folder, "text.onnx");
        mlContext.Model.SavePipelineAsOnnx(model, data, path);

        IDataView rows = PipelineOnnxTestData.Head(mlContext, data, TextRows);
        byte[] onnx = File.ReadAllBytes(path);
        CollectionAssert.Contains(Describe(onnx).Operators, "StringNormalizer", "the converter's text normalization is in the file");
        Dictionary<string, float[]> actual = RunRowByRow(mlContext, WithStringNormalizerLocale(onnx, "C.UTF-8"), rows, TextRows);
        AssertClose([.. model.Transform(rows).GetColumn<float>("Probability")], actual["Probability"], "Probability");
        CollectionAssert.AreEqual(TextInputs, Describe(File.ReadAllBytes(path)).Inputs);
    }

    [TestMethod]
    public void DeepMlpAlone_TheFeatureColumnIsTheInput()
    {
        var mlContext = new MLContext(seed: 5);
        IDataView data = mlContext.Transforms.Concatenate("Features", "Carat", "Depth").Fit(PipelineOnnxTestData.Load(mlContext))
            .Transform(PipelineOnnxTestData.Load(mlContext));
        var model = mlContext.Regression.Trainers.DeepMlp(labelColumnName: "Price", hiddenLayerSizes: [4], numberOfEpochs: 1, seed: 5).Fit(data);
        using var stream = new MemoryStream();
        mlContext.Model.SavePipelineAsOnnx(model, data, stream);

        IDataView rows = PipelineOnnxTestData.Head(mlContext, data, ScoredRows);
        float[][] features = [.. rows.GetColumn<float[]>("Features")];
        Dictionary<string, float[][]> actual = OnnxRunner.Run(stream.ToArray(), "Features", features);
        AssertClose([.. model.Transform(rows).GetColumn<float>("Score")], actual["Score"].SelectMany(r => r).ToArray(), "Score");
    }

    [TestMethod]
    public void Multiclass_LabelWithoutClassNames_PredictedLabelIsTheOneBasedKey()
    {
        var mlContext = new MLContext(seed: 6);
        KeyRow[] rows = [.. Enumerable.Range(0, 90).Select(i => new KeyRow { Label = (uint)(i % 2) + 1, Features = [i % 2, (i * 7 % 11) / 11f] })];
        IDataView data = mlContext.Data.LoadFromEnumerable(rows);
        var model = mlContext.MulticlassClassification.Trainers.DeepMlp(hiddenLayerSizes: [4], numberOfEpochs: 2, seed: 6).Fit(data);
        Assert.IsNull(model.ClassNames, "the key has no KeyValues");
        using var stream = new MemoryStream();
        mlContext.Model.SavePipelineAsOnnx(model, data, stream);

        IDataView head = mlContext.Data.TakeRows(data, 12);
        Dictionary<string, Array> actual = Run(stream.ToArray(), head);
        CollectionAssert.AreEqual(model.Transform(head).GetColumn<uint>("PredictedLabel").ToArray(), actual["PredictedLabel"]);
    }

    private sealed class KeyRow
    {
        [KeyType(3)]
        public uint Label { get; set; }

        [VectorType(2)]
        public float[] Features { get; set; } = [];
    }

    private static EstimatorChain<ColumnConcatenatingTransformer> Preprocessing(MLContext mlContext, string first, string second, string? third = null, string[]? numeric = null)
    {
        string[] categorical = third is null ? [first, second] : [first, second, third];
        numeric ??= ["Carat", "Depth", "Table"];
        return mlContext.Transforms.Categorical.OneHotEncoding([.. categorical.Select(c => new InputOutputColumnPair(c + "Encoded", c))])
            .Append(mlContext.Transforms.NormalizeMinMax([.. numeric.Select(c => new InputOutputColumnPair(c + "Scaled", c))]))
            .Append(mlContext.Transforms.Concatenate("Features", [.. categorical.Select(c => c + "Encoded"), .. numeric.Select(c => c + "Scaled")]));
    }
}
