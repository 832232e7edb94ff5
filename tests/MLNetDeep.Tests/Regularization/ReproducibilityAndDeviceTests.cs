using Microsoft.ML;
using MLNetDeep.Tests.Trainers;
using MLNetDeep.Training;

namespace MLNetDeep.Tests.Regularization;

[TestClass]
public sealed class ReproducibilityAndDeviceTests
{
    private readonly MLContext _ml = new(seed: 1);

    private static DeepMlpBinaryTrainer.Options Small() => new() { HiddenLayerSizes = [8], NumberOfEpochs = 3, BatchSize = 32, Seed = 9 };

    [TestMethod]
    public void Fit_WithDeterministicAlgorithms_TurnsModeOnDuringFitOnly_AndKeepsResults()
    {
        var data = SyntheticData.Binary(_ml, 200);
        var probe = new DeterministicProbe();
        var options = Small();
        options.DeterministicAlgorithms = true;
        options.Callbacks.Add(probe);

        var deterministic = SyntheticData.Scores(new DeepMlpBinaryTrainer(options).Fit(data).Transform(data));
        var plain = SyntheticData.Scores(new DeepMlpBinaryTrainer(Small()).Fit(data).Transform(data));

        Assert.IsTrue(probe.SeenDuringTraining);
        Assert.IsFalse(DeterministicAlgorithmsScope.IsEnabled);
        CollectionAssert.AreEqual(plain, deterministic);
    }

    [TestMethod]
    public void Fit_WithAllRegularizersSeeded_IsBitIdentical()
    {
        var data = SyntheticData.Multiclass(_ml, 200);
        DeepMlpMulticlassTrainer.Options Options() => new()
        {
            HiddenLayerSizes = [8], NumberOfEpochs = 4, BatchSize = 32, Seed = 5, L1Regularization = 1e-3,
            InputNoiseStandardDeviation = 0.2, MixupAlpha = 0.4, ClassWeighting = ClassWeighting.Balanced, WeightedSampling = true,
            EarlyStopping = new() { Patience = 2 },
        };

        var first = SyntheticData.Scores(new DeepMlpMulticlassTrainer(Options()).Fit(data).Transform(data));
        var second = SyntheticData.Scores(new DeepMlpMulticlassTrainer(Options()).Fit(data).Transform(data));

        CollectionAssert.AreEqual(first, second);
    }

    [TestMethod]
    public void Resolve_CudaWithoutGpu_FailsNamingTheTorchBackendSwitch()
    {
        var options = new DeepMlpBinaryTrainer.Options { Device = TrainingDevice.Cuda };

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => DeviceSelector.Resolve(options, TrainerEnvironment.None, new TrainingHistory(), cudaDevices: 0));

        StringAssert.Contains(error.Message, "-p:TorchBackend=cuda");
        StringAssert.Contains(error.Message, "Set FallbackToCpu = true");
    }

    [TestMethod]
    public void Fit_CudaWithoutGpu_FailsOrFallsBackToCpuWithANote()
    {
        if (TorchSharp.torch.cuda.is_available())
            Assert.Inconclusive("A CUDA device is visible; this test checks the CPU backend.");
        var data = SyntheticData.Binary(_ml, 100);
        var failing = Small();
        failing.Device = TrainingDevice.Cuda;
        var fallback = Small();
        fallback.Device = TrainingDevice.Cuda;
        fallback.FallbackToCpu = true;

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => new DeepMlpBinaryTrainer(failing).Fit(data));
        using var model = new DeepMlpBinaryTrainer(fallback).Fit(data);

        StringAssert.StartsWith(error.Message, "Device is Cuda, but no CUDA device is available");
        Assert.AreEqual(3, model.History.Epochs.Count);
        StringAssert.StartsWith(model.History.Notes[0], "Trained on the CPU: Device is Cuda, but no CUDA device is available");
    }

    [TestMethod]
    public void Resolve_GpuDeviceIdBeyondVisibleDevices_FailsOrFallsBack()
    {
        var options = new DeepMlpBinaryTrainer.Options { Device = TrainingDevice.Cuda, GpuDeviceId = 2 };
        var history = new TrainingHistory();

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => DeviceSelector.Resolve(options, TrainerEnvironment.None, history, cudaDevices: 1));
        options.FallbackToCpu = true;
        var device = DeviceSelector.Resolve(options, TrainerEnvironment.None, history, cudaDevices: 1);

        StringAssert.Contains(error.Message, "GpuDeviceId is 2, but only 1 CUDA device(s) are visible (ids 0 to 0)");
        Assert.AreEqual(TorchSharp.DeviceType.CPU, device.type);
        Assert.AreEqual(1, history.Notes.Count);
    }

    private sealed class DeterministicProbe : TrainingCallback
    {
        public bool SeenDuringTraining { get; private set; }

        public override void OnEpochEnd(TrainingContext context, EpochRecord record) => SeenDuringTraining = DeterministicAlgorithmsScope.IsEnabled;
    }
}
