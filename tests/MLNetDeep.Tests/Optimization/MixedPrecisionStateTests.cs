using Microsoft.ML;
using MLNetDeep.Examples;
using MLNetDeep.Tests.Trainers;
using TorchSharp;

namespace MLNetDeep.Tests.Optimization;

/// <summary>
/// Mixed precision (forced on the CPU) keeps all of the network's state, not only its weights: BatchNorm's running
/// statistics reach the master network and the saved model.
/// </summary>
[TestClass]
public sealed class MixedPrecisionStateTests
{
    private readonly MLContext _ml = new(seed: 1);

    private static DeepMlpBinaryTrainer.Options BatchNormOptions(MixedPrecision precision) => new()
    {
        HiddenLayerSizes = [16, 16],
        Normalization = Normalization.BatchNorm,
        DropoutRate = 0,
        NumberOfEpochs = 4,
        BatchSize = 64,
        LearningRate = 0.01,
        Seed = 7,
        MixedPrecision = precision,
        ForceMixedPrecisionOnCpu = true,
    };

    [TestMethod]
    [DataRow(MixedPrecision.Float16)]
    [DataRow(MixedPrecision.BFloat16)]
    public void Fit_BatchNormWithForcedMixedPrecision_ScoresLikeFloat32InProcessAndAfterSaveAndLoad(MixedPrecision precision)
    {
        var (data, preprocessing) = BundledDatasets.Spambase(_ml);
        var split = _ml.Data.TrainTestSplit(data, 0.3, seed: 1);
        var prep = preprocessing.Fit(split.TrainSet);
        var train = prep.Transform(split.TrainSet);
        var test = prep.Transform(split.TestSet);
        var halfBuffers = new BufferCapture();
        var fullBuffers = new BufferCapture();
        var halfOptions = BatchNormOptions(precision);
        halfOptions.Callbacks.Add(halfBuffers);
        var fullOptions = BatchNormOptions(MixedPrecision.None);
        fullOptions.Callbacks.Add(fullBuffers);

        using var half = new DeepMlpBinaryTrainer(halfOptions).Fit(train);
        using var full = new DeepMlpBinaryTrainer(fullOptions).Fit(train);

        double fullAccuracy = Accuracy(full, test);
        double halfAccuracy = Accuracy(half, test);
        double reloadedAccuracy = Accuracy(SaveAndLoad(half, train), test);
        string measured = $"{precision}: float32 {fullAccuracy:F4}, in process {halfAccuracy:F4}, reloaded {reloadedAccuracy:F4}";
        Console.WriteLine(measured);
        Assert.IsTrue(fullAccuracy > 0.85, measured);
        Assert.AreEqual(fullAccuracy, halfAccuracy, 0.02, measured);
        Assert.AreEqual(fullAccuracy, reloadedAccuracy, 0.02, measured);

        // The master network (validated, exported, saved) holds the running statistics built up in half precision.
        CollectionAssert.AreEquivalent(fullBuffers.Values.Keys, halfBuffers.Values.Keys);
        foreach (var (name, values) in halfBuffers.Values)
        {
            if (name.EndsWith("running_mean", StringComparison.Ordinal))
                Assert.IsTrue(values.Any(v => Math.Abs(v) > 1e-3), $"{name} stayed 0");
            if (name.EndsWith("running_var", StringComparison.Ordinal))
                Assert.IsTrue(values.Any(v => Math.Abs(v - 1) > 1e-3), $"{name} stayed 1");
            if (name.EndsWith("num_batches_tracked", StringComparison.Ordinal))
                CollectionAssert.AreEqual(fullBuffers.Values[name], values, $"{name}: every training batch counts");
        }
    }

    private double Accuracy(ITransformer model, IDataView test) => _ml.BinaryClassification.Evaluate(model.Transform(test)).Accuracy;

    private ITransformer SaveAndLoad(ITransformer model, IDataView train)
    {
        using var stream = new MemoryStream();
        _ml.Model.Save(model, train.Schema, stream);
        stream.Position = 0;
        return _ml.Model.Load(stream, out _);
    }

    /// <summary>Every buffer of the trained (master) network at the end of training, by name, as doubles.</summary>
    private sealed class BufferCapture : TrainingCallback
    {
        public Dictionary<string, double[]> Values { get; } = [];

        public override void OnTrainEnd(TrainingContext context)
        {
            using var scope = torch.NewDisposeScope();
            foreach (var (name, buffer) in context.Network.named_buffers())
                Values[name] = buffer.detach().cpu().to(torch.ScalarType.Float64).flatten().data<double>().ToArray();
        }
    }
}
