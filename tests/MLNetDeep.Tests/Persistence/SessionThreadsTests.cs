using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Onnx;
using MLNetDeep.Models;
using MLNetDeep.Scoring;

namespace MLNetDeep.Tests.Persistence;

/// <summary>
/// DeepMlp sessions on one ONNX Runtime thread: after a fit and through LoadModel, unless the context carries its
/// owner's session options; the context is left as it was, and fitted, LoadModel and plain Load models score alike.
/// </summary>
[TestClass]
public sealed class SessionThreadsTests
{
    private static readonly string[] FeaturesOnly = ["Features"];

    [TestMethod]
    public void OnnxOptions_ContextWithoutSessionOptions_OneThreadEach()
    {
        OnnxOptions options = ScoringChain.OnnxOptions(new MLContext(seed: 1), new BinaryClassificationTask(), FeaturesOnly, "model.onnx");

        Assert.AreEqual(SessionThreads.IntraOp, options.IntraOpNumThreads);
        Assert.AreEqual(SessionThreads.InterOp, options.InterOpNumThreads);
        Assert.AreEqual(1, SessionThreads.IntraOp);
        Assert.AreEqual("Features", options.InputColumns.Single());
        CollectionAssert.AreEqual(new BinaryClassificationTask().OnnxOutputs(OnnxHeadLayout.ScoringChain).ToArray(), options.OutputColumns);
    }

    [TestMethod]
    public void OnnxOptions_ContextWithOwnersSessionOptions_LeavesThreadsToThem()
    {
        var ml = new MLContext(seed: 1);
        ml.SetOnnxSessionOption(new OnnxSessionOptions { IntraOpNumThreads = 3 });

        OnnxOptions options = ScoringChain.OnnxOptions(ml, new BinaryClassificationTask(), FeaturesOnly, "model.onnx");

        Assert.IsNull(options.IntraOpNumThreads);
        Assert.IsNull(options.InterOpNumThreads);
    }

    [TestMethod]
    public void LoadModel_LeavesTheContextsSessionOptions_AndScoresLikeFittedAndPlainLoad()
    {
        var ml = new MLContext(seed: 1);
        var data = Trainers.SyntheticData.Binary(ml, 60);
        var fitted = ml.BinaryClassification.Trainers.DeepMlp(hiddenLayerSizes: [8], numberOfEpochs: 2).Fit(data);
        using var zip = new MemoryStream();
        MLNetDeepScoring.SaveModel(ml, fitted, data.Schema, zip);
        float[] expected = [.. fitted.Transform(data).GetColumn<float>("Score")];

        zip.Position = 0;
        using SharedSessionModel loaded = MLNetDeepScoring.LoadModel(ml, zip, out _);
        Assert.IsNull(ml.GetOnnxSessionOption(), "the single-threaded options were only for the load");
        zip.Position = 0;
        ITransformer plain = new MLContext(seed: 2).Model.Load(zip, out _);
        var owners = new OnnxSessionOptions { IntraOpNumThreads = 2 };
        ml.SetOnnxSessionOption(owners);
        zip.Position = 0;
        using SharedSessionModel loadedWithOwners = MLNetDeepScoring.LoadModel(ml, zip, out _);

        Assert.AreSame(owners, ml.GetOnnxSessionOption());
        foreach (ITransformer model in new[] { loaded, plain, loadedWithOwners })
        {
            float[] actual = [.. model.Transform(data).GetColumn<float>("Score")];
            Assert.AreEqual(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
                Assert.AreEqual(expected[i], actual[i], 1e-5f, $"row {i}");
        }

        loaded.ReleaseSession();
        loadedWithOwners.ReleaseSession();
        fitted.ReleaseSession();
    }
}
