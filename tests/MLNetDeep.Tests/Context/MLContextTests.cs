using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNetDeep.Tests.Trainers;
using MLNetDeep.Training;

namespace MLNetDeep.Tests.Context;

/// <summary>Trainers from the catalogs honour their MLContext: its seed, its GpuDeviceId and FallbackToCpu, and its log.</summary>
[TestClass]
public sealed class MLContextTests
{
    [TestMethod]
    public void Seed_FromTheContext_SameCallsGiveBitIdenticalModels()
    {
        static float[][] TwoFits(MLContext ml)
        {
            var data = SyntheticData.Binary(ml, 100);
            var trainer = ml.BinaryClassification.Trainers.DeepMlp(hiddenLayerSizes: [8], numberOfEpochs: 2);
            return [SyntheticData.Scores(trainer.Fit(data).Transform(data)), SyntheticData.Scores(trainer.Fit(data).Transform(data))];
        }

        var first = TwoFits(new MLContext(seed: 1));
        var second = TwoFits(new MLContext(seed: 1));
        var other = TwoFits(new MLContext(seed: 2));

        CollectionAssert.AreEqual(first[0], second[0]);
        CollectionAssert.AreEqual(first[1], second[1]);
        CollectionAssert.AreNotEqual(first[0], first[1], "each fit draws the context's next seed");
        CollectionAssert.AreNotEqual(first[0], other[0]);
    }

    [TestMethod]
    public void Seed_FromTheOptions_WinsOverTheContext()
    {
        float[] Fit(MLContext ml)
        {
            var data = SyntheticData.Regression(ml, 60);
            return SyntheticData.Scores(ml.Regression.Trainers.DeepMlp(hiddenLayerSizes: [4], numberOfEpochs: 1, seed: 5).Fit(data).Transform(data));
        }

        CollectionAssert.AreEqual(Fit(new MLContext(seed: 1)), Fit(new MLContext(seed: 2)));
    }

    [TestMethod]
    public void Device_FromTheContext_UnlessTheOptionsSetIt()
    {
        var environment = TrainerEnvironment.From(new MLContext { GpuDeviceId = 2, FallbackToCpu = false }, "test");
        var options = new DeepMlpBinaryTrainer.Options { Device = TrainingDevice.Cuda };

        Assert.AreEqual("cuda:2", DeviceSelector.Resolve(options, environment, new TrainingHistory(), cudaDevices: 4).ToString());
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => DeviceSelector.Resolve(options, environment, new TrainingHistory(), cudaDevices: 1));
        StringAssert.Contains(error.Message, "GpuDeviceId is 2 (from MLContext.GpuDeviceId), but only 1 CUDA device(s) are visible");
        options.GpuDeviceId = 1;
        Assert.AreEqual("cuda:1", DeviceSelector.Resolve(options, environment, new TrainingHistory(), cudaDevices: 4).ToString());

        var fallingBack = TrainerEnvironment.From(new MLContext { FallbackToCpu = true }, "test");
        var history = new TrainingHistory();
        Assert.AreEqual(TorchSharp.DeviceType.CPU, DeviceSelector.Resolve(new DeepMlpBinaryTrainer.Options { Device = TrainingDevice.Cuda }, fallingBack, history, cudaDevices: 0).type);
        StringAssert.StartsWith(history.Notes[0], "Trained on the CPU (from MLContext.FallbackToCpu): Device is Cuda, but no CUDA device is available");
        var strict = new DeepMlpBinaryTrainer.Options { Device = TrainingDevice.Cuda, FallbackToCpu = false };
        Assert.ThrowsExactly<InvalidOperationException>(() => DeviceSelector.Resolve(strict, fallingBack, new TrainingHistory(), cudaDevices: 0));
    }

    [TestMethod]
    public void Log_ReportsStartEveryEpochNotesAndSummary_LikeStockTrainers()
    {
        var ml = new MLContext(seed: 1);
        var messages = new List<LoggingEventArgs>();
        ml.Log += (_, e) =>
        {
            if (e.Source.StartsWith("DeepMlp", StringComparison.Ordinal) && e.Kind is ChannelMessageKind.Info or ChannelMessageKind.Warning)
            {
                lock (messages)
                    messages.Add(e);
            }
        };
        var options = new DeepMlpBinaryTrainer.Options { HiddenLayerSizes = [8], NumberOfEpochs = 3, EarlyStopping = new EarlyStoppingOptions { Patience = 10 } };

        var model = ml.BinaryClassification.Trainers.DeepMlp(options).Fit(SyntheticData.Binary(ml, 100));

        var info = messages.Where(m => m.Kind == ChannelMessageKind.Info).Select(m => m.RawMessage).ToList();
        var warnings = messages.Where(m => m.Kind == ChannelMessageKind.Warning).Select(m => m.RawMessage).ToList();
        Assert.AreEqual(5, info.Count, string.Join("\n", info));
        StringAssert.StartsWith(info[0], "DeepMlp binary classification: 90 rows × 4 features (validation: 10 rows); network 4 → 8 → 1, ReLU, dropout 0.2; Adam learning rate 0.002 (Cosine schedule), batch 128, 3 epochs, early stopping on ValidationLoss (patience 10); seed ");
        StringAssert.EndsWith(info[0], " (from the MLContext); device cpu.");
        for (int epoch = 1; epoch <= 3; epoch++)
            StringAssert.Matches(info[epoch], new System.Text.RegularExpressions.Regex($@"^Epoch {epoch}/3: training loss [\d.E-]+, validation loss [\d.E-]+, Accuracy [\d.]+, learning rate [\d.E-]+, [\d,]+ rows/s(, ETA \d+:\d\d)?$"));
        StringAssert.StartsWith(info[4], "DeepMlp trained 3 epoch(s) in ");
        StringAssert.Contains(info[4], "; DeepMlp binary classification: 4 → 8 → 1, ReLU, 49 parameters, 3 epochs. Selected epoch ");
        CollectionAssert.AreEqual(model.History.Notes.ToList(), warnings, "every History note, once, as a warning");
        Assert.IsTrue(warnings.Count > 0);
    }

    [TestMethod]
    public void TrainerWithoutContext_LogsNothingAndStillTrains()
    {
        var ml = new MLContext(seed: 1);
        int deepMlpMessages = 0;
        ml.Log += (_, e) => { if (e.Source.StartsWith("DeepMlp", StringComparison.Ordinal)) Interlocked.Increment(ref deepMlpMessages); };

        using var model = new DeepMlpBinaryTrainer(new DeepMlpBinaryTrainer.Options { HiddenLayerSizes = [4], NumberOfEpochs = 1 }).Fit(SyntheticData.Binary(ml, 40));

        Assert.AreEqual(0, deepMlpMessages);
        Assert.AreEqual(1, model.History.Epochs.Count);
    }

    [TestMethod]
    public void UnreachableContext_FallsBackToTheOptions_AndSaysSoInTheHistory()
    {
        var ml = new MLContext(seed: 1);
        var unreachable = TrainerEnvironment.FromCatalog(new object(), "DeepMlp");
        var options = new DeepMlpBinaryTrainer.Options { HiddenLayerSizes = [4], NumberOfEpochs = 1, Seed = 3 };

        using var model = new DeepMlpBinaryTrainer(options, unreachable).Fit(SyntheticData.Binary(ml, 40));

        Assert.IsNull(unreachable.Host);
        StringAssert.StartsWith(model.History.Notes[0], "Microsoft.ML ");
        StringAssert.Contains(model.History.Notes[0], "no longer has the internal IInternalCatalog.Environment that MLNetDeep (written for 5.0.1) reads: "
            + "the seed, GpuDeviceId, FallbackToCpu and cancellation come from the options only, and nothing is logged.");
    }
}
