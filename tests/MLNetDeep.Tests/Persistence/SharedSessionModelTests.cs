using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Scoring;
using MLNetDeep.Tests.Explainability;

namespace MLNetDeep.Tests.Persistence;

/// <summary>MLNetDeepScoring.LoadModel: a loaded model that no dispose can end, and that saves and explains like the chain it wraps.</summary>
[TestClass]
public sealed class SharedSessionModelTests
{
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    public void LoadModel_SurvivesEngineAndModelDisposal_SavesAndExplainsLikeTheChain()
    {
        var data = NamedFeatureData.Load(_ml, 200, seed: 1);
        var fitted = NamedFeatureData.BinaryPipeline(_ml).Fit(data);
        using var stream = new MemoryStream();
        _ml.Model.Save(fitted, data.Schema, stream);
        stream.Position = 0;
        float[] expected = [.. fitted.Transform(data).GetColumn<float>("Score")];

        var model = MLNetDeepScoring.LoadModel(_ml, stream, out var schema);
        _ml.Model.CreatePredictionEngine<NamedFeatureData.Row, BinaryScore>(model).Dispose();   // owns the model by default
        model.Dispose();

        CollectionAssert.AreEqual(expected, model.Transform(data).GetColumn<float>("Score").ToArray());
        Assert.AreEqual(data.Schema.Count, schema.Count);
        CollectionAssert.AreEqual(((IEnumerable<ITransformer>)model.Model).ToArray(), model.ToArray());
        using var resaved = new MemoryStream();
        _ml.Model.Save(model, schema, resaved);
        resaved.Position = 0;
        CollectionAssert.AreEqual(expected, _ml.Model.Load(resaved, out _).Transform(data).GetColumn<float>("Score").ToArray());
        CollectionAssert.AreEquivalent(NamedFeatureData.Names, _ml.BinaryClassification.DeepMlpPermutationFeatureImportance(model, data).Keys.ToArray());
    }

    [TestMethod]
    public void ReleaseSession_DeletesTheTemporaryModelFile_AndLaterUseSaysSo()
    {
        var data = Trainers.SyntheticData.Binary(_ml, 60);
        var fitted = _ml.BinaryClassification.Trainers.DeepMlp(hiddenLayerSizes: [4], numberOfEpochs: 1).Fit(data);
        using var stream = new MemoryStream();
        _ml.Model.Save(fitted, data.Schema, stream);
        stream.Position = 0;
        string folder = Directory.CreateTempSubdirectory("mlnetdeep-release-").FullName;
        try
        {
            var loaded = MLNetDeepScoring.LoadModel(new MLContext(seed: 1) { TempFilePath = folder }, stream, out _);
            Assert.AreNotEqual(0, Directory.GetFiles(folder).Length, "ML.NET keeps the loaded ONNX model in a temporary file");

            loaded.ReleaseSession();
            fitted.ReleaseSession();

            Assert.AreEqual(0, Directory.GetFiles(folder).Length);
            StringAssert.Contains(Assert.ThrowsExactly<ObjectDisposedException>(() => loaded.Transform(data)).Message, "ReleaseSession was called");
            Assert.ThrowsExactly<ObjectDisposedException>(() => fitted.Transform(data));
            using var onnx = new MemoryStream();
            fitted.SaveAsOnnx(onnx);
            Assert.IsTrue(onnx.Length > 0, "the standalone export does not need the session");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void LoadModel_ChecksItsArguments()
    {
        Assert.ThrowsExactly<ArgumentNullException>(() => MLNetDeepScoring.LoadModel(null!, "model.zip", out _));
        Assert.ThrowsExactly<ArgumentException>(() => MLNetDeepScoring.LoadModel(_ml, "", out _));
        Assert.ThrowsExactly<ArgumentNullException>(() => MLNetDeepScoring.LoadModel(_ml, (Stream)null!, out _));
    }

    private sealed class BinaryScore
    {
        public float Score { get; set; }
    }
}
