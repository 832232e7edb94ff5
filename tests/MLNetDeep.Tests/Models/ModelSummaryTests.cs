using System.IO.Compression;
using Google.Protobuf;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using MLNetDeep.Snapshots;
using MLNetDeep.Tests.Onnx;
using MLNetDeep.Tests.Persistence;
using MLNetDeep.Tests.Trainers;
using Onnx;

namespace MLNetDeep.Tests.Models;

/// <summary>Model summaries from a trainer and schema, a fitted model and a saved zip: their layers, counts and table.</summary>
[TestClass]
public sealed class ModelSummaryTests
{
    private readonly MLContext _ml = new(seed: 1);
    private string _folder = "";

    [TestInitialize]
    public void CreateFolder() => _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"mlnetdeep-summary-{Guid.NewGuid():N}")).FullName;

    [TestCleanup]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [TestMethod]
    public void ToString_OfASmallResidualNetwork_IsAKerasStyleTable()
    {
        var trainer = _ml.MulticlassClassification.Trainers.DeepMlp(new DeepMlpMulticlassTrainer.Options
        {
            HiddenLayerSizes = [8, 8],
            Normalization = Normalization.LayerNorm,
            Architecture = Architecture.ResNet,
            DropoutRates = [0.1, 0.25],
        });

        DeepMlpModelSummary summary = trainer.GetModelSummary(SyntheticData.Multiclass(_ml, 10).Schema);

        string[] expected =
        [
            "Layer (type)         Output shape  Activation  Normalization  Dropout  Parameters",
            "=================================================================================",
            "input (Input)        [batch, 4]    -           -              -                 0",
            "hidden_1 (Dense)     [batch, 8]    ReLU        LayerNorm      0.1              56",
            "hidden_2 (Residual)  [batch, 8]    ReLU        LayerNorm      0.25             88",
            "output (Dense)       [batch, 3]    -           -              -                27",
            "=================================================================================",
            "Total parameters: 171",
        ];
        Assert.AreEqual(string.Join(Environment.NewLine, expected), summary.ToString());
        Assert.AreEqual(171, summary.TotalParameters);
        Assert.AreEqual(new LayerSummary("hidden_2", 8, 8, Activation.ReLU, Normalization.LayerNorm, 0.25, true, 88), summary.Layers[1]);
        Assert.AreEqual("[batch, 3]", summary.Layers[2].OutputShape);
    }

    public static IEnumerable<object[]> Networks =>
    [
        ["plain"], ["batchnorm"], ["layernorm"], ["residual"], ["ensemble"], ["linear ensemble"], ["sigmoid"],
    ];

    [TestMethod]
    [DynamicData(nameof(Networks))]
    public void Summaries_FromSchemaFittedModelAndZip_Agree(string network) => Check(network);

    /// <summary>Fits the network, saves it, and compares the three summaries with each other and with the hand count.</summary>
    private void AssertAgree<TTask>(
        ITrainerEstimator<DeepMlpTransformer<TTask>, DeepMlpModel<TTask>> trainer, Func<DataViewSchema, DeepMlpModelSummary> fromSchema, IDataView data, long perMember)
        where TTask : PredictionTask
    {
        DeepMlpModelSummary before = fromSchema(data.Schema);
        var model = trainer.Fit(data);
        DeepMlpModelSummary fitted = model.GetModelSummary();
        string path = Path.Combine(_folder, "model.zip");
        _ml.Model.Save(model, data.Schema, path);
        DeepMlpModelSummary saved = DeepMlpModelSummary.FromZip(path);

        Assert.AreEqual(perMember, before.ParametersPerMember, "hand-counted parameters per member");
        Assert.AreEqual(model.Model.ParameterCount, fitted.TotalParameters, "the fitted model's ParameterCount");
        Assert.AreEqual(model.Model.EnsembleSize * perMember, before.TotalParameters);
        foreach (var (name, other) in new[] { ("fitted", fitted), ("fitted Model", model.Model.GetModelSummary()), ("zip", saved) })
        {
            CollectionAssert.AreEqual(before.Layers.ToList(), other.Layers.ToList(), $"layers: schema vs {name}");
            Assert.AreEqual(before.InputSize, other.InputSize, name);
            Assert.AreEqual(before.EnsembleSize, other.EnsembleSize, name);
            Assert.AreEqual(before.TotalParameters, other.TotalParameters, name);
            Assert.AreEqual(before.ToString(), other.ToString(), name);
        }
    }

    private void Check(string network)
    {
        var regression = new DeepMlpRegressionTrainer.Options { NumberOfEpochs = 1, Seed = 1, BatchSize = 16 };
        var binary = new DeepMlpBinaryTrainer.Options { NumberOfEpochs = 1, Seed = 1, BatchSize = 16 };
        var multiclass = new DeepMlpMulticlassTrainer.Options { NumberOfEpochs = 1, Seed = 1, BatchSize = 16 };
        switch (network)
        {
            case "plain":
                regression.HiddenLayerSizes = [8, 4];
                Regression(regression, ((4 * 8) + 8) + ((8 * 4) + 4) + ((4 * 1) + 1));
                break;
            case "batchnorm":
                (binary.HiddenLayerSizes, binary.Normalization, binary.Activation) = ([6, 5], Normalization.BatchNorm, Activation.Tanh);
                Binary(binary, ((4 * 6) + 6 + 12) + ((6 * 5) + 5 + 10) + ((5 * 1) + 1));
                break;
            case "layernorm":
                (multiclass.HiddenLayerSizes, multiclass.Normalization, multiclass.Activation) = ([7], Normalization.LayerNorm, Activation.GELU);
                Multiclass(multiclass, ((4 * 7) + 7 + 14) + ((7 * 3) + 3));
                break;
            case "residual":
                (regression.HiddenLayerSizes, regression.Architecture, regression.Activation) = ([5, 5, 5], Architecture.ResNet, Activation.SiLU);
                (regression.DropoutRates, regression.Normalization) = ([0.1, 0, 0.3], Normalization.BatchNorm);
                Regression(regression, ((4 * 5) + 5 + 10) + (2 * ((5 * 5) + 5 + 10)) + ((5 * 1) + 1));
                break;
            case "ensemble":
                (binary.HiddenLayerSizes, binary.EnsembleSize, binary.Activation, binary.DropoutRate) = ([6, 6], 3, Activation.LeakyReLU, 0.05);
                (binary.Architecture, binary.Normalization) = (Architecture.ResNet, Normalization.LayerNorm);
                Binary(binary, ((4 * 6) + 6 + 12) + ((6 * 6) + 6 + 12) + ((6 * 1) + 1));
                break;
            case "linear ensemble":
                (multiclass.HiddenLayerSizes, multiclass.EnsembleSize) = ([], 2);
                Multiclass(multiclass, (4 * 3) + 3);
                break;
            default:
                (regression.HiddenLayerSizes, regression.Activation, regression.DropoutRate) = ([3], Activation.Sigmoid, 0);
                regression.Normalization = Normalization.None;
                Regression(regression, ((4 * 3) + 3) + ((3 * 1) + 1));
                break;
        }
    }

    private void Regression(DeepMlpRegressionTrainer.Options o, long count)
    {
        var trainer = _ml.Regression.Trainers.DeepMlp(o);
        AssertAgree(trainer, trainer.GetModelSummary, SyntheticData.Regression(_ml, 40), count);
    }

    private void Binary(DeepMlpBinaryTrainer.Options o, long count)
    {
        var trainer = _ml.BinaryClassification.Trainers.DeepMlp(o);
        AssertAgree(trainer, trainer.GetModelSummary, SyntheticData.Binary(_ml, 40), count);
    }

    private void Multiclass(DeepMlpMulticlassTrainer.Options o, long count)
    {
        var trainer = _ml.MulticlassClassification.Trainers.DeepMlp(o);
        AssertAgree(trainer, trainer.GetModelSummary, SyntheticData.Multiclass(_ml, 40), count);
    }

    [TestMethod]
    public void FromZip_OfAModelWithoutItsRunRecord_ReadsTheLayersAndSaysDropoutIsUnknown()
    {
        NetworkSnapshot network = TestNetworks.Create(new RegressionTask(10f, 2f), activation: Activation.ELU);
        IDataView data = TestData.Load(_ml, network, TestData.Rows(network));
        using var model = TestData.Transformer(network, data);
        string path = Path.Combine(_folder, "model.zip");
        _ml.Model.Save(model, data.Schema, path);

        DeepMlpModelSummary saved = DeepMlpModelSummary.FromZip(path);

        // TestNetworks.Create: 5 → 8 (batch norm) → 8 (residual, layer norm) → 1.
        LayerSummary[] expected =
        [
            new("hidden_1", 5, 8, Activation.ELU, Normalization.BatchNorm, null, false, (5 * 8) + 8 + 16),
            new("hidden_2", 8, 8, Activation.ELU, Normalization.LayerNorm, null, true, (8 * 8) + 8 + 16),
            new("output", 8, 1, null, Normalization.None, 0, false, (8 * 1) + 1),
        ];
        CollectionAssert.AreEqual(expected, saved.Layers.ToList());
        CollectionAssert.AreEqual(expected, model.GetModelSummary().Layers.ToList());
        Assert.AreEqual(NetworkShape.Of(network).ParameterCount, saved.TotalParameters);
        string[] lines = saved.ToString().Split(Environment.NewLine);
        Assert.AreEqual("hidden_1 (Dense)     [batch, 8]    ELU         BatchNorm      ?                64", lines[3]);
        Assert.AreEqual("Dropout: unknown (the model was saved without its run record)", lines[^1]);
    }

    [TestMethod]
    public void FromZip_WithoutAnOnnxTransform_SaysWhatItLookedFor()
    {
        IDataView data = SyntheticData.Regression(_ml, 10);
        string path = Path.Combine(_folder, "normalizer.zip");
        _ml.Model.Save(_ml.Transforms.NormalizeMinMax("Features").Fit(data), data.Schema, path);

        var e = Assert.ThrowsExactly<InvalidDataException>(() => DeepMlpModelSummary.FromZip(path));

        Assert.AreEqual(
            $"The model zip '{path}' has no DeepMlp part: looked for an 'OnnxModel' entry whose ONNX graph has producer 'MLNetDeep', "
            + "but it has no 'OnnxModel' entry (no ONNX transform). Save the model a DeepMlp trainer's Fit returned (or a pipeline ending in it) with mlContext.Model.Save.",
            e.Message);
    }

    [TestMethod]
    public void FromZip_WithAnotherProducersOnnxModel_SaysWhatItLookedFor()
    {
        byte[] model = new ModelProto { ProducerName = "pytorch", Graph = new GraphProto() }.ToByteArray();
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = new BinaryWriter(archive.CreateEntry("Model/OnnxModel").Open());
            entry.Write(model.Length);
            entry.Write(model);
        }
        zip.Position = 0;

        var e = Assert.ThrowsExactly<InvalidDataException>(() => DeepMlpModelSummary.FromZip(zip));

        Assert.AreEqual(
            "The model zip in the stream has no DeepMlp part: looked for an 'OnnxModel' entry whose ONNX graph has producer 'MLNetDeep', "
            + "but its 'Model/OnnxModel' was written by another producer. Save the model a DeepMlp trainer's Fit returned (or a pipeline ending in it) with mlContext.Model.Save.",
            e.Message);
    }

    [TestMethod]
    public void GetModelSummary_WithoutTheFeatureColumn_GivesTheColumnError()
    {
        var trainer = _ml.Regression.Trainers.DeepMlp(new DeepMlpRegressionTrainer.Options { FeatureColumnName = "Inputs" });
        IDataView data = SyntheticData.Regression(_ml, 10);

        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => trainer.GetModelSummary(data.Schema));

        Assert.AreEqual("FeatureColumnName", e.ParamName);
        Assert.AreEqual(
            "Feature column 'Inputs' was not found in the input schema. Available columns: 'Features', 'Label'. Set FeatureColumnName to the column to use. (Parameter 'FeatureColumnName')",
            e.Message);
    }
}
