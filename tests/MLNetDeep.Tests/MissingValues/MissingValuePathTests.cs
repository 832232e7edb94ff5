using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Scoring;

namespace MLNetDeep.Tests.MissingValues;

/// <summary>Missing values on every path a fit can take: streamed rows, given validation data, CheckSetup, warm start, the verifying loader.</summary>
[TestClass]
public sealed class MissingValuePathTests : TemporaryFolderTest
{
    private readonly MLContext _ml = new(seed: 1);

    private static DeepMlpBinaryTrainer.Options Options(int epochs = 3) => new() { HiddenLayerSizes = [8], NumberOfEpochs = epochs, Seed = 4, ValidationFraction = 0 };

    [TestMethod]
    public void StreamedFit_LearnsTheCachedFitsReplacements()
    {
        var data = _ml.Data.LoadFromEnumerable(MissingValueTests.Rows());
        var streamedOptions = Options();
        streamedOptions.MaxCacheSizeInMegabytes = 0;

        var cached = _ml.BinaryClassification.Trainers.DeepMlp(Options()).Fit(data).Model.MissingValues;
        var streamed = _ml.BinaryClassification.Trainers.DeepMlp(streamedOptions).Fit(data).Model.MissingValues;

        CollectionAssert.AreEqual(cached.ToArray(), streamed.ToArray(), "300 rows fit in the streamed fit's row sample: its median is exact");
    }

    [TestMethod]
    public void ValidationDataWithNaN_IsImputedWithTheTrainingReplacements()
    {
        var model = _ml.BinaryClassification.Trainers.DeepMlp(Options())
            .Fit(_ml.Data.LoadFromEnumerable(MissingValueTests.Rows()), _ml.Data.LoadFromEnumerable(MissingValueTests.Rows(80, seed: 9)));

        Assert.IsTrue(model.History.Epochs.All(e => e.ValidationLoss is { } loss && double.IsFinite(loss)));
    }

    [TestMethod]
    public void CheckSetup_OnNaNFeatures_RunsOnTheImputedRows()
    {
        var report = _ml.BinaryClassification.Trainers.DeepMlp(Options()).CheckSetup(_ml.Data.LoadFromEnumerable(MissingValueTests.Rows()));

        StringAssert.Contains(report.ToString(), "none of the 7 features is constant", "four features and three missing-value indicators");
        Assert.IsTrue(report.Findings.Single(f => f.Name == "Gradient check").Status == SetupStatus.Pass, report.ToString());
    }

    [TestMethod]
    public void WarmStart_KeepsTheInitialModelsReplacements_AndErrorModeIsRefused()
    {
        var data = _ml.Data.LoadFromEnumerable(MissingValueTests.Rows());
        var initial = _ml.BinaryClassification.Trainers.DeepMlp(Options()).Fit(data);
        var shifted = MissingValueTests.Rows(200, seed: 21);

        var continued = _ml.BinaryClassification.Trainers.DeepMlp(Options(2)).Fit(_ml.Data.LoadFromEnumerable(shifted), initial);
        var errorOptions = Options(2);
        errorOptions.MissingValues = MissingValueHandling.Error;
        var refused = Assert.ThrowsExactly<ArgumentException>(() => _ml.BinaryClassification.Trainers.DeepMlp(errorOptions).Fit(data, initial));

        CollectionAssert.AreEqual(initial.Model.MissingValues.ToArray(), continued.Model.MissingValues.ToArray());
        StringAssert.Contains(refused.Message, "it imputes missing values, but MissingValues is Error");
    }

    [TestMethod]
    public void VerifyingLoader_AcceptsTheImputingGraph_AndScoresTheSame()
    {
        var data = _ml.Data.LoadFromEnumerable(MissingValueTests.Rows());
        var model = _ml.BinaryClassification.Trainers.DeepMlp(Options()).Fit(data);
        string path = Path.Combine(Folder, "model.zip");
        MLNetDeepScoring.SaveModel(_ml, model, data.Schema, path);
        var probe = _ml.Data.LoadFromEnumerable(MissingValueTests.Rows(20, seed: 13));

        using var loaded = MLNetDeepScoring.LoadModel(_ml, path, out _);

        var expected = model.Transform(probe).GetColumn<float>("Probability").ToArray();
        var actual = loaded.Transform(probe).GetColumn<float>("Probability").ToArray();
        CollectionAssert.AreEqual(expected, actual);
    }
}
