using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Scoring;
using MLNetDeep.Tests.Onnx;
using MLNetDeep.Tests.Trainers;

namespace MLNetDeep.Tests.Architectures;

/// <summary>
/// TabM and TabM-mini through the trainers with the training toolkit: the exported model scores like the TorchSharp
/// module, saves and loads (also through <see cref="MLNetDeepScoring.LoadModel(MLContext, string, out DataViewSchema, LoadModelOptions?)"/>'s
/// operator allow-list), and the model describes itself.
/// </summary>
[TestClass]
public sealed class TabMTrainingTests
{
    private const int Rows = 64;
    private static readonly string[] LayerNames = ["hidden1", "hidden2", "output"];
    private readonly MLContext _ml = new(seed: 1);

    public static IEnumerable<object[]> Toolkits()
    {
        yield return [Architecture.TabM, Normalization.LayerNorm, MixedPrecision.None, "clipping, class weights, early stopping"];
        yield return [Architecture.TabMMini, Normalization.None, MixedPrecision.None, "clipping, class weights, early stopping"];
        yield return [Architecture.TabM, Normalization.None, MixedPrecision.BFloat16, "mixed precision"];
        yield return [Architecture.TabMMini, Normalization.LayerNorm, MixedPrecision.Float16, "mixed precision"];
        yield return [Architecture.TabM, Normalization.LayerNorm, MixedPrecision.None, "seed ensemble"];
    }

    [TestMethod]
    [DynamicData(nameof(Toolkits))]
    public void Fit_WithTheToolkit_ScoresLikeTheTorchModule_BeforeAndAfterSaveAndLoadModel(
        Architecture family, Normalization normalization, MixedPrecision precision, string toolkit)
    {
        IDataView data = SyntheticData.Binary(_ml, Rows, seed: 5);
        var capture = new ArchitectureVariantExportTests.EvalForwardCapture(SyntheticData.Features(Rows, 5));
        var options = Options(family, normalization);
        options.MixedPrecision = precision;
        options.ForceMixedPrecisionOnCpu = true;
        bool ensemble = toolkit == "seed ensemble";
        options.EnsembleSize = ensemble ? 2 : 1;
        if (precision == MixedPrecision.None && !ensemble)
        {
            options.GradientClippingNorm = 1.0;
            options.ClassWeighting = ClassWeighting.Balanced;
            options.EarlyStopping = new EarlyStoppingOptions { Patience = 2 };
        }
        options.Callbacks.Add(capture);

        // Validation rows of their own: the capture standardizes the training rows as the trainer does.
        using var model = new DeepMlpBinaryTrainer(options).Fit(data, options.EarlyStopping is null ? null : SyntheticData.Binary(_ml, 32, seed: 6));
        float[] transformed = SyntheticData.Scores(model.Transform(data));
        string path = Path.Combine(Path.GetTempPath(), $"mlnetdeep-tabm-{Guid.NewGuid():N}.zip");
        try
        {
            _ml.Model.Save(model, data.Schema, path);
            using var loaded = MLNetDeepScoring.LoadModel(_ml, path, out _);
            float[] reloaded = SyntheticData.Scores(loaded.Transform(data));
            string variant = $"{family}/{normalization}/{precision}/{toolkit}";
            // The capture sees the last network only (after early stopping restored its best weights): compare where it is the whole model.
            if (!ensemble)
                Close.Assert([.. capture.Logits.Select(v => (double)v)], transformed, $"{variant} Transform");
            Close.Assert([.. transformed.Select(v => (double)v)], reloaded, $"{variant} LoadModel");
        }
        finally
        {
            File.Delete(path);
        }

        Assert.AreEqual(family, model.Model.Architecture);
        Assert.AreEqual(4, model.Model.NumberOfTabMMembers);
        Assert.AreEqual(options.EnsembleSize, model.Model.EnsembleSize);
        StringAssert.Contains(model.Model.ToString(), $", {family} of 4 members, ");
        Assert.IsTrue(capture.Logits.Distinct().Count() > 1, "constant outputs");
    }

    [TestMethod]
    public void Fit_MulticlassAndRegressionTabM_SaveLoadAndContinueTraining()
    {
        IDataView classes = SyntheticData.Multiclass(_ml, Rows, seed: 2);
        var multiclassOptions = new DeepMlpMulticlassTrainer.Options
        {
            HiddenLayerSizes = [8, 6], Architecture = Architecture.TabM, NumberOfTabMMembers = 3, NumberOfEpochs = 3, BatchSize = 16, Seed = 2,
        };
        using var multiclass = new DeepMlpMulticlassTrainer(multiclassOptions).Fit(classes);
        AssertRoundTrip(multiclass, classes, view => [.. view.GetColumn<float[]>(view.Schema["Score"]).SelectMany(v => v)]);
        Assert.AreEqual(multiclass.Model.ParameterCount, multiclass.Model.GetModelSummary().TotalParameters);
        using (var zip = new MemoryStream())
        {
            _ml.Model.Save(multiclass, classes.Schema, zip);
            zip.Position = 0;
            var error = Assert.ThrowsExactly<NotSupportedException>(() => DeepMlpModelSummary.FromZip(zip));
            StringAssert.Contains(error.Message, "GetModelSummary()");
        }

        IDataView values = SyntheticData.Regression(_ml, Rows, seed: 3);
        var regressionOptions = new DeepMlpRegressionTrainer.Options
        {
            HiddenLayerSizes = [8, 6], Architecture = Architecture.TabMMini, NumberOfTabMMembers = 3, NumberOfEpochs = 3, BatchSize = 16, Seed = 3,
            Normalization = Normalization.LayerNorm,
        };
        var trainer = new DeepMlpRegressionTrainer(regressionOptions);
        using var regression = trainer.Fit(values);
        AssertRoundTrip(regression, values, SyntheticData.Scores);

        using var continued = trainer.Fit(values, regression);
        Assert.AreEqual(Architecture.TabMMini, continued.Model.Architecture);
        Assert.AreNotEqual(
            SyntheticData.Scores(regression.Transform(values))[0], SyntheticData.Scores(continued.Transform(values))[0], "continued training moved the model");
    }

    [TestMethod]
    public void Fit_WithGradientStatistics_RecordsEveryTabMLayer()
    {
        var options = Options(Architecture.TabM, Normalization.None);
        options.GradientStatisticsEveryNSteps = 1;

        using var model = new DeepMlpBinaryTrainer(options).Fit(SyntheticData.Binary(_ml, Rows, seed: 5));

        var layers = model.History.LayerStatistics.Select(s => s.Layer).Distinct().ToList();
        CollectionAssert.AreEqual(LayerNames, layers);
        Assert.IsTrue(model.History.LayerStatistics.All(s => s.GradientNorm > 0 && double.IsFinite(s.UpdateToWeightRatio)));
    }

    [TestMethod]
    public void CheckSetupAndTheLearningRateFinder_RunOnTabM()
    {
        IDataView data = SyntheticData.Binary(_ml, 256, seed: 7);
        var trainer = new DeepMlpBinaryTrainer(Options(Architecture.TabM, Normalization.LayerNorm));

        SetupReport report = trainer.CheckSetup(data);
        LearningRateFinderResult found = trainer.FindLearningRate(data);

        Assert.AreEqual(SetupStatus.Pass, report[SetupCheckNames.OverfitSmallBatch].Status, report.ToString());
        Assert.AreEqual(SetupStatus.Pass, report[SetupCheckNames.GradientCheck].Status, report.ToString());
        Assert.IsTrue(found.Points.Count > 10 && double.IsFinite(found.SuggestedLearningRate) && found.SuggestedLearningRate > 0);
    }

    [TestMethod]
    [DataRow(Architecture.TabM, Normalization.BatchNorm, new[] { 8, 6 }, 4, "Normalization is BatchNorm, but Architecture TabM takes no batch normalization")]
    [DataRow(Architecture.TabMMini, Normalization.None, new[] { 8, 6 }, 0, "NumberOfTabMMembers is 0, but must be in [1, 256]")]
    [DataRow(Architecture.TabM, Normalization.None, new int[0], 4, "Architecture TabM needs at least one hidden layer")]
    [DataRow(Architecture.ResNet, Normalization.None, new[] { 8, 6, 4 }, 4, "ResNet needs two adjacent hidden layers of the same width")]
    public void Create_WithAnArchitectureItCannotBuild_SaysWhy(Architecture family, Normalization normalization, int[] sizes, int members, string expected)
    {
        var options = new DeepMlpBinaryTrainer.Options
        {
            Architecture = family, Normalization = normalization, HiddenLayerSizes = sizes, NumberOfTabMMembers = members,
        };

        var error = Assert.ThrowsExactly<ArgumentException>(() => new DeepMlpBinaryTrainer(options));

        StringAssert.Contains(error.Message, expected);
    }

    private static DeepMlpBinaryTrainer.Options Options(Architecture family, Normalization normalization) => new()
    {
        HiddenLayerSizes = [8, 6],
        Architecture = family,
        NumberOfTabMMembers = 4,
        Normalization = normalization,
        DropoutRate = 0.1,
        NumberOfEpochs = 3,
        BatchSize = 16,
        LearningRate = 0.02,
        Seed = 3,
    };

    private void AssertRoundTrip(ITransformer model, IDataView data, Func<IDataView, float[]> scores)
    {
        using var stream = new MemoryStream();
        _ml.Model.Save(model, data.Schema, stream);
        using var loaded = MLNetDeepScoring.LoadModel(_ml, new MemoryStream(stream.ToArray()), out _);
        float[] expected = scores(model.Transform(data));
        Close.Assert([.. expected.Select(v => (double)v)], scores(loaded.Transform(data)), "Score after LoadModel");
    }
}
