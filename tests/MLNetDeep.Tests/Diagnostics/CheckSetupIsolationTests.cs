using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Tests.Trainers;
using static MLNetDeep.Tests.Trainers.SyntheticData;

namespace MLNetDeep.Tests.Diagnostics;

/// <summary>CheckSetup fits preprocessing on training rows only, and leaves the trainer, its options and the next Fit as they were.</summary>
[TestClass]
public sealed class CheckSetupIsolationTests
{
    [TestMethod]
    public void CheckSetup_WithPipeline_FitsPreprocessingOnTrainingDataOnly()
    {
        var ml = new MLContext(seed: 1);
        IDataView training = Regression(ml, 200, seed: 1);
        // Validation rows on another scale: a normalizer fitted on them too would leave the training features far from mean 0, sd 1.
        IDataView validation = ml.Data.LoadFromEnumerable(Features(100, seed: 2).Select(x => new RegressionRow { Features = [.. x.Select(v => (v * 100) + 50)], Label = RegressionRule(x) }).ToList());
        var recorder = new RecordingEstimator(ml.Transforms.NormalizeMeanVariance("Features", fixZero: false));
        var trainer = new DeepMlpRegressionTrainer(new DeepMlpRegressionTrainer.Options { Seed = 1, HiddenLayerSizes = [16], StandardizeFeatures = false });

        var report = trainer.CheckSetup(recorder, training, validation);

        Assert.AreEqual("200", string.Join(", ", recorder.FittedRowCounts));
        var scale = report[SetupCheckNames.FeatureScale];
        Assert.AreEqual(SetupStatus.Pass, scale.Status, report.ToString());
        Assert.AreEqual(0, scale.Figures["max |mean|"], 1e-4);
        Assert.AreEqual(1, scale.Figures["min standard deviation"], 0.01);
        Assert.AreEqual(1, scale.Figures["max standard deviation"], 0.01);
        Assert.AreEqual(100, report[SetupCheckNames.Baseline].Figures["validation rows"]);
    }

    [TestMethod]
    public void CheckSetup_LeavesTheNextFitAndTheOptionsUnchanged()
    {
        IDataView Data(MLContext ml) => Binary(ml, 200, seed: 1);
        DeepMlpBinaryTrainer Trainer(MLContext ml) => ml.BinaryClassification.Trainers.DeepMlp(new DeepMlpBinaryTrainer.Options { HiddenLayerSizes = [16], NumberOfEpochs = 2 });

        var plainContext = new MLContext(seed: 3);
        float[] plain = Scores(Trainer(plainContext).Fit(Data(plainContext)).Transform(Data(plainContext)));

        var checkedContext = new MLContext(seed: 3);
        var trainer = Trainer(checkedContext);
        var report = trainer.CheckSetup(Data(checkedContext));
        var fitted = trainer.Fit(Data(checkedContext));
        float[] afterCheck = Scores(fitted.Transform(Data(checkedContext)));

        CollectionAssert.AreEqual(plain, afterCheck);
        Assert.AreEqual(0.2, trainer.TrainerOptions.DropoutRate);
        Assert.IsNull(trainer.TrainerOptions.DropoutRates);
        Assert.AreEqual(2, fitted.History.Epochs.Count);
        Assert.IsTrue(report.Notes.Any(n => n.StartsWith("Seed is not set: the checks used seed 0", StringComparison.Ordinal)), report.ToString());
    }

    /// <summary>Wraps an estimator and records how many rows each Fit saw.</summary>
    private sealed class RecordingEstimator(IEstimator<ITransformer> inner) : IEstimator<ITransformer>
    {
        public List<long> FittedRowCounts { get; } = [];

        public ITransformer Fit(IDataView input)
        {
            long rows = 0;
            using (var cursor = input.GetRowCursor([]))
            {
                while (cursor.MoveNext())
                    rows++;
            }
            FittedRowCounts.Add(rows);
            return inner.Fit(input);
        }

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inner.GetOutputSchema(inputSchema);
    }
}
