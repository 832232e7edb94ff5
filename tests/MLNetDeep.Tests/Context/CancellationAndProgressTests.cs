using Microsoft.ML;
using MLNetDeep.Tests.Trainers;

namespace MLNetDeep.Tests.Context;

/// <summary>
/// Stopping a fit: cancelling the MLContext or the options' token stops it within one batch (counted in batches, not
/// time) and leaves no temporary files; StopTraining ends after the current batch and keeps the best weights; progress
/// arrives after every batch and epoch.
/// </summary>
[TestClass]
public sealed class CancellationAndProgressTests
{
    private const int Rows = 100, BatchSize = 10, BatchesPerEpoch = Rows / BatchSize;

    [TestMethod]
    public void CancellingTheContext_StopsTheFitWithinOneBatch()
    {
        var ml = new MLContext(seed: 1);
        var data = SyntheticData.Binary(ml, Rows);
        var counter = new BatchCounter(3, () => ContextCancellation.Cancel(ml));
        var options = Options(counter);

        var trainer = ml.BinaryClassification.Trainers.DeepMlp(options);
        var error = Assert.ThrowsExactly<OperationCanceledException>(() => trainer.Fit(data));

        Assert.AreEqual(3, counter.Batches, "no batch runs after the one during which the context was cancelled");
        StringAssert.Contains(error.Message, "MLContext");
    }

    [TestMethod]
    public void CancellingTheToken_StopsWithinOneBatch_DeletesTheSpillFile_AndANewTokenTrains()
    {
        var ml = new MLContext(seed: 1);
        var data = SyntheticData.Binary(ml, Rows);
        string spill = Directory.CreateTempSubdirectory("mlnetdeep-cancel-").FullName;
        try
        {
            using var source = new CancellationTokenSource();
            var counter = new BatchCounter(BatchesPerEpoch + 4, source.Cancel);
            var options = Options(counter);
            options.MaxCacheSizeInMegabytes = 0;
            options.SpillDirectory = spill;
            options.CancellationToken = source.Token;

            var error = Assert.ThrowsExactly<OperationCanceledException>(() => ml.BinaryClassification.Trainers.DeepMlp(options).Fit(data));

            Assert.AreEqual(source.Token, error.CancellationToken);
            Assert.AreEqual(BatchesPerEpoch + 4, counter.Batches);
            Assert.AreEqual(0, Directory.GetFileSystemEntries(spill).Length, "the spill file is deleted");

            options.Callbacks.Clear();
            options.CancellationToken = new CancellationTokenSource().Token;
            using var model = ml.BinaryClassification.Trainers.DeepMlp(options).Fit(data);
            Assert.AreEqual(3, model.History.Epochs.Count);
        }
        finally
        {
            Directory.Delete(spill, recursive: true);
        }
    }

    [TestMethod]
    public void ACancelledToken_StopsBeforeAnyBatch()
    {
        var ml = new MLContext(seed: 1);
        var counter = new BatchCounter(int.MaxValue, () => { });
        var options = Options(counter);
        options.CancellationToken = new CancellationToken(canceled: true);

        Assert.ThrowsExactly<OperationCanceledException>(() => ml.BinaryClassification.Trainers.DeepMlp(options).Fit(SyntheticData.Binary(ml, Rows)));
        Assert.AreEqual(0, counter.Batches);
    }

    [TestMethod]
    public void StopTraining_EndsAfterTheCurrentBatch_AndKeepsTheBestEpoch()
    {
        var ml = new MLContext(seed: 1);
        var data = SyntheticData.Binary(ml, Rows);
        // Validation labels are the opposite of the rule, so the more the network learns the worse it validates: epoch 1 is best.
        var validation = ml.Data.LoadFromEnumerable(SyntheticData.Features(40, seed: 2)
            .Select(x => new SyntheticData.BinaryRow { Features = x, Label = !(x[0] + (0.5f * x[1]) > 0) }).ToList());
        var counter = new BatchCounter((2 * BatchesPerEpoch) + 2, context => context.StopTraining = true);
        var options = Options(counter);
        options.LearningRate = 0.01;
        options.EarlyStopping = new EarlyStoppingOptions { Patience = 10 };

        using var model = ml.BinaryClassification.Trainers.DeepMlp(options).Fit(data, validation);

        Assert.AreEqual((2 * BatchesPerEpoch) + 2, counter.Batches);
        Assert.AreEqual(3, model.History.Epochs.Count, "the stopped epoch is recorded");
        Assert.AreEqual((2 * BatchesPerEpoch) + 2, model.History.Steps.Count);
        var losses = string.Join(", ", model.History.Epochs.Select(e => e.ValidationLoss));
        Assert.AreEqual(1, model.History.SelectedEpoch, $"early stopping restores the best epoch so far; validation losses {losses}");
        CollectionAssert.Contains(model.History.Notes.ToList(), "Early stopping restored the weights of epoch 1, the best ValidationLoss.");
    }

    [TestMethod]
    public void Progress_ArrivesAfterEveryBatchAndEpoch()
    {
        var ml = new MLContext(seed: 1);
        var reports = new List<TrainingProgress>();
        var options = Options();
        options.Progress = new Collect(reports);

        using var model = ml.BinaryClassification.Trainers.DeepMlp(options).Fit(SyntheticData.Binary(ml, Rows), SyntheticData.Binary(ml, 30, seed: 2));

        var batches = reports.Where(r => !r.IsEpochEnd).ToList();
        var epochs = reports.Where(r => r.IsEpochEnd).ToList();
        Assert.AreEqual(3 * BatchesPerEpoch, batches.Count);
        Assert.AreEqual(3, epochs.Count);
        CollectionAssert.AreEqual(Enumerable.Range(1, BatchesPerEpoch).Select(b => (long)b * BatchSize).ToArray(),
            batches.Where(b => b.Epoch == 2).Select(b => b.EpochRows).ToArray());
        Assert.IsTrue(batches.All(b => b.ValidationLoss is null && b.RowsPerSecond > 0 && b.TrainingRowCount == Rows && b.NumberOfEpochs == 3));
        for (int i = 0; i < 3; i++)
        {
            Assert.AreEqual(model.History.Epochs[i].ValidationLoss, epochs[i].ValidationLoss);
            Assert.AreEqual(model.History.Epochs[i].TrainingLoss, epochs[i].TrainingLoss, 1e-9);
        }
        Assert.IsTrue(reports.Zip(reports.Skip(1)).All(p => p.Second.Fraction >= p.First.Fraction), "the fraction never goes back");
        Assert.AreEqual(1.0, epochs[^1].Fraction);
        Assert.AreEqual(TimeSpan.Zero, epochs[^1].EstimatedTimeRemaining);
        Assert.IsNotNull(batches[^2].EstimatedTimeRemaining);
        Assert.AreEqual("Accuracy", epochs[0].ValidationMetricName);
    }

    private static DeepMlpBinaryTrainer.Options Options(params TrainingCallback[] callbacks)
    {
        var options = new DeepMlpBinaryTrainer.Options { HiddenLayerSizes = [8], NumberOfEpochs = 3, BatchSize = BatchSize, Seed = 1 };
        foreach (var callback in callbacks)
            options.Callbacks.Add(callback);
        return options;
    }

    /// <summary>Counts batches; runs <paramref name="action"/> at the end of batch <paramref name="at"/> (1-based, over the whole fit).</summary>
    private sealed class BatchCounter(int at, Action<TrainingContext> action) : TrainingCallback
    {
        public BatchCounter(int at, Action action)
            : this(at, _ => action())
        {
        }

        public int Batches { get; private set; }

        public override void OnBatchEnd(TrainingContext context, double batchLoss)
        {
            if (++Batches == at)
                action(context);
        }
    }

    /// <summary>Collects reports synchronously (System.Progress would post them to the thread pool).</summary>
    private sealed class Collect(List<TrainingProgress> reports) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => reports.Add(value);
    }
}
