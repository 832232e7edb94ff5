using Microsoft.ML;
using MLNetDeep.Examples;
using MLNetDeep.Tests.Trainers;
using TorchSharp;

namespace MLNetDeep.Tests.Optimization;

/// <summary>
/// Mixed precision (forced on the CPU) keeps all of the network's state, not only its weights: BatchNorm's running
/// statistics reach the master network and the saved model, and each ensemble member draws its own dropout masks.
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

    [TestMethod]
    public void Fit_EnsembleWithForcedMixedPrecision_MembersDrawDifferentDropoutMasks()
    {
        var masks = new DropoutMaskRecorder();
        var options = new DeepMlpBinaryTrainer.Options
        {
            HiddenLayerSizes = [16],
            Activation = Activation.Sigmoid,
            DropoutRate = 0.5,
            NumberOfEpochs = 1,
            BatchSize = 1,
            LearningRate = 0.01,
            EnsembleSize = 2,
            Seed = 11,
            MixedPrecision = MixedPrecision.BFloat16,
            ForceMixedPrecisionOnCpu = true,
        };
        options.Callbacks.Add(masks);

        using var _ = new DeepMlpBinaryTrainer(options).Fit(SyntheticData.Binary(_ml, 6));

        Assert.AreEqual(2, masks.Members.Count);
        var first = masks.Members[0];
        var second = masks.Members[1];
        Assert.AreEqual(6, first.Count);
        Assert.AreEqual(6, second.Count);
        // Each step drops some units and keeps others (a mask, not a dead layer).
        Assert.IsTrue(first.Concat(second).All(m => m.Contains('0') && m.Contains('1')), string.Join(" ", first.Concat(second)));
        CollectionAssert.AreNotEqual(first, second, $"member 0: {string.Join(" ", first)}; member 1: {string.Join(" ", second)}");
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

    /// <summary>
    /// Per member, per step: which hidden units the output layer's weight gradient reaches. With one row per batch
    /// and sigmoid units (never exactly 0, unlike a tanh or ReLU unit), that gradient is 0 exactly where dropout dropped the unit.
    /// </summary>
    private sealed class DropoutMaskRecorder : TrainingCallback
    {
        public List<List<string>> Members { get; } = [];

        public override void OnTrainBegin(TrainingContext context) => Members.Add([]);

        public override void OnGradientsComputed(TrainingContext context)
        {
            using var scope = torch.NewDisposeScope();
            var outputWeight = context.Network.parameters().ToList()[^2];
            float[] gradient = outputWeight.grad!.detach().cpu().flatten().data<float>().ToArray();
            Members[^1].Add(string.Concat(gradient.Select(g => g == 0 ? '0' : '1')));
        }
    }
}
