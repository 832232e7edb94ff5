using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Tests.Trainers;

[TestClass]
public sealed class TrainingBehaviourTests
{
    private readonly MLContext _ml = new(seed: 1);

    private static DeepMlpBinaryTrainer.Options Small(int seed = 7) => new()
    {
        HiddenLayerSizes = [16],
        NumberOfEpochs = 8,
        BatchSize = 32,
        LearningRate = 0.01,
        Seed = seed,
    };

    [TestMethod]
    public void Fit_TwiceWithSameSeed_GivesIdenticalPredictions()
    {
        var data = SyntheticData.Binary(_ml, 300);

        var first = SyntheticData.Scores(new DeepMlpBinaryTrainer(Small()).Fit(data).Transform(data));
        var second = SyntheticData.Scores(new DeepMlpBinaryTrainer(Small()).Fit(data).Transform(data));

        CollectionAssert.AreEqual(first, second);
    }

    [TestMethod]
    public void Fit_WithDifferentSeeds_GivesDifferentPredictions()
    {
        var data = SyntheticData.Binary(_ml, 300);

        var first = SyntheticData.Scores(new DeepMlpBinaryTrainer(Small(seed: 1)).Fit(data).Transform(data));
        var second = SyntheticData.Scores(new DeepMlpBinaryTrainer(Small(seed: 2)).Fit(data).Transform(data));

        CollectionAssert.AreNotEqual(first, second);
    }

    [TestMethod]
    public void Fit_ConcurrentSeededFits_MatchSequentialFits()
    {
        var data = SyntheticData.Binary(_ml, 300);
        DeepMlpBinaryTrainer.Options WithDropout(int seed) { var o = Small(seed); o.DropoutRate = 0.3; return o; }
        float[] FitAndScore(int seed) => SyntheticData.Scores(new DeepMlpBinaryTrainer(WithDropout(seed)).Fit(data).Transform(data));

        var sequential = new[] { FitAndScore(11), FitAndScore(12) };
        var concurrent = new float[2][];
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => concurrent[i % 2] = FitAndScore(11 + (i % 2)));

        CollectionAssert.AreEqual(sequential[0], concurrent[0]);
        CollectionAssert.AreEqual(sequential[1], concurrent[1]);
    }

    [TestMethod]
    public void Fit_StreamingWithoutCache_LearnsAndIsReproducible()
    {
        var data = SyntheticData.Binary(_ml, 400);
        var options = Small();
        options.MaxCacheSizeInMegabytes = 0;
        options.ShufflePoolSize = 64;

        var model = new DeepMlpBinaryTrainer(options).Fit(data);
        var again = new DeepMlpBinaryTrainer(options).Fit(data);

        var metrics = _ml.BinaryClassification.Evaluate(model.Transform(data));
        Assert.IsTrue(metrics.Accuracy > 0.9, $"accuracy {metrics.Accuracy}");
        CollectionAssert.AreEqual(SyntheticData.Scores(model.Transform(data)), SyntheticData.Scores(again.Transform(data)));
        Assert.IsTrue(model.History.Notes.Any(n => n.StartsWith("Training data streamed", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Fit_CachedAndStreamed_ReachSimilarAccuracy()
    {
        var data = SyntheticData.Binary(_ml, 400);
        var streamed = Small();
        streamed.MaxCacheSizeInMegabytes = 0;

        var cachedModel = new DeepMlpBinaryTrainer(Small()).Fit(data);
        var streamedModel = new DeepMlpBinaryTrainer(streamed).Fit(data);

        Assert.AreEqual(0, cachedModel.History.Notes.Count);
        double cached = _ml.BinaryClassification.Evaluate(cachedModel.Transform(data)).Accuracy;
        double stream = _ml.BinaryClassification.Evaluate(streamedModel.Transform(data)).Accuracy;
        Assert.AreEqual(cached, stream, 0.05);
    }

    [TestMethod]
    public void Fit_WithValidationData_RecordsLossAndMetricEveryEpoch()
    {
        var train = SyntheticData.Binary(_ml, 300, seed: 1);
        var valid = SyntheticData.Binary(_ml, 100, seed: 2);

        var history = new DeepMlpBinaryTrainer(Small()).Fit(train, valid).History;

        Assert.AreEqual(8, history.Epochs.Count);
        Assert.AreEqual("Accuracy", history.ValidationMetricName);
        Assert.IsTrue(history.Epochs.All(e => e.ValidationLoss is > 0 && e.ValidationMetric is >= 0 and <= 1));
        Assert.IsTrue(history.Epochs[^1].ValidationLoss < history.Epochs[0].ValidationLoss);
        Assert.IsTrue(history.Epochs[^1].ValidationMetric > 0.9);
    }

    [TestMethod]
    public void Fit_WithoutValidationData_RecordsTrainingLossOnly()
    {
        var history = new DeepMlpBinaryTrainer(Small()).Fit(SyntheticData.Binary(_ml, 200)).History;

        Assert.IsNull(history.ValidationMetricName);
        Assert.IsTrue(history.Epochs.All(e => e.ValidationLoss is null && e.ValidationMetric is null && e.TrainingLoss > 0));
    }

    [TestMethod]
    public void Fit_WithCosineSchedule_DecaysLearningRateToZero_AndConstantKeepsIt()
    {
        var data = SyntheticData.Binary(_ml, 200);
        var constant = Small();
        constant.LearningRateSchedule = LearningRateSchedule.Constant;

        var cosine = new DeepMlpBinaryTrainer(Small()).Fit(data).History.Epochs;
        var flat = new DeepMlpBinaryTrainer(constant).Fit(data).History.Epochs;

        Assert.AreEqual(0, cosine[^1].LearningRate, 1e-12);
        Assert.IsTrue(cosine[0].LearningRate is > 0 and < 0.01);
        Assert.IsTrue(flat.All(e => e.LearningRate == 0.01));
    }

    [TestMethod]
    public void Fit_WithExampleWeights_ScalesEachRowsLoss()
    {
        // Every feature vector appears twice, once per label: weights 3 (true) and 1 (false) make P(true) = 0.75.
        var rows = SyntheticData.Features(100, seed: 3)
            .SelectMany(x => new[]
            {
                new SyntheticData.BinaryRow { Features = x, Label = true, Weight = 3 },
                new SyntheticData.BinaryRow { Features = x, Label = false, Weight = 1 },
            })
            .ToList();
        var data = _ml.Data.LoadFromEnumerable(rows);
        var options = Small();
        options.NumberOfEpochs = 20;

        var unweighted = new DeepMlpBinaryTrainer(options).Fit(data);
        options.ExampleWeightColumnName = "Weight";
        var weighted = new DeepMlpBinaryTrainer(options).Fit(data);

        double MeanProbability(ITransformer m) => m.Transform(data).GetColumn<float>("Probability").Average();
        Assert.AreEqual(0.5, MeanProbability(unweighted), 0.08);
        Assert.AreEqual(0.75, MeanProbability(weighted), 0.08);
    }

    [TestMethod]
    public void Fit_WithCallback_SeesEveryEpochAndCanStopTraining()
    {
        var stopper = new StopAfter(3);
        var options = Small();
        options.Callbacks.Add(stopper);

        var history = new DeepMlpBinaryTrainer(options).Fit(SyntheticData.Binary(_ml, 200)).History;

        Assert.AreEqual(3, history.Epochs.Count);
        CollectionAssert.AreEqual(Enumerable.Range(1, 3).ToList(), stopper.Seen);
        Assert.IsTrue(stopper.Batches > 0);
    }

    private sealed class StopAfter(int epochs) : TrainingCallback
    {
        public List<int> Seen { get; } = [];

        public int Batches { get; private set; }

        public override void OnBatchEnd(TrainingContext context, double batchLoss) => Batches++;

        public override void OnEpochEnd(TrainingContext context, EpochRecord record)
        {
            Seen.Add(record.Epoch);
            context.StopTraining = record.Epoch >= epochs;
        }
    }
}
