using Microsoft.ML;
using MLNetDeep.Data;
using MLNetDeep.Modules;
using MLNetDeep.Tests.Trainers;
using MLNetDeep.Training;
using MLNetDeep.Training.Optimization;
using MLNetDeep.Training.Regularization;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNetDeep.Tests.Optimization;

/// <summary>The hand-written MLP pass against autograd over <c>network.call</c>, and when it applies.</summary>
[TestClass]
public sealed class MlpBackpropTests
{
    private const int Inputs = 7;

    [TestMethod]
    [DataRow("binary", 0.0, null)]
    [DataRow("multiclass", 0.0, null)]
    [DataRow("regression", 0.0, null)]
    [DataRow("multiclass", 0.01, null)]    // L1 reads the weights: its gradient comes through autograd beside the pass's
    [DataRow("binary", 0.0, 2.5)]          // gradient accumulation backpropagates the loss times the batch weight
    public void Gradients_MatchAutograd_WithDropoutMasksFromTheSameGenerator(string taskName, double l1, double? weight)
    {
        using var scope = NewDisposeScope();
        PredictionTask task = taskName switch
        {
            "binary" => new BinaryClassificationTask(),
            "multiclass" => new MulticlassClassificationTask(3),
            _ => new RegressionTask(),
        };
        using var reference = Network(task, seed: 11);
        using var network = Network(task, seed: 11);
        using var backprop = MlpBackprop.TryCreate(network) ?? throw new AssertFailedException("a plain ReLU MLP takes the pass");
        ITrainingObjective objective = new TaskObjective(task, null);
        ITrainingObjective referenceObjective = new TaskObjective(task, null);
        if (l1 > 0)
        {
            objective = new L1Penalty(objective, network, l1);
            referenceObjective = new L1Penalty(referenceObjective, reference, l1);
        }

        // Two steps with different row counts: the buffers serve a shorter batch after a longer one, and gradients add up
        // over the second call as backward's do (no zeroing between them).
        foreach (int rows in new[] { 13, 5 })
        {
            var batch = Batch(task, rows, seed: rows);
            double expected = AutogradStep(reference, referenceObjective, batch, weight);
            Assert.IsTrue(backprop.CanRun(batch));
            double actual = backprop.Backward(batch, objective, weight);
            Assert.AreEqual(expected, actual, 1e-6 * Math.Max(1, Math.Abs(expected)), $"{rows} rows: loss");
        }

        var expectedGradients = reference.parameters().Select(p => p.grad!.data<float>().ToArray()).ToList();
        var actualGradients = network.parameters().Select(p => p.grad!.data<float>().ToArray()).ToList();
        Assert.AreEqual(expectedGradients.Count, actualGradients.Count);
        for (int p = 0; p < expectedGradients.Count; p++)
        {
            float scale = Math.Max(1e-3f, expectedGradients[p].Max(Math.Abs));
            OptimizationTestKit.AssertClose(expectedGradients[p], actualGradients[p], 2e-5 * scale, $"{taskName} parameter {p} gradient");
        }
        Assert.IsTrue(expectedGradients.Any(g => g.Any(v => v != 0)), "the gradients are not all zero");
    }

    [TestMethod]
    public void TryCreate_DeclinesNetworksItDoesNotCompute()
    {
        using var scope = NewDisposeScope();
        var task = new BinaryClassificationTask();
        Assert.IsNull(MlpBackprop.TryCreate(Network(task, 1, Activation.LeakyReLU)), "another activation");
        Assert.IsNull(MlpBackprop.TryCreate(Network(task, 1, normalization: Normalization.BatchNorm)), "batch normalization");
        Assert.IsNull(MlpBackprop.TryCreate(Network(task, 1, residual: true)), "a residual block");
        var options = new DeepMlpBinaryTrainer.Options { Architecture = Architecture.TabM, HiddenLayerSizes = [8] };
        using var generator = new Generator(1);
        Assert.IsNull(MlpBackprop.TryCreate(NetworkFactory.Create(options, Inputs, task, generator, generator)), "TabM");
    }

    [TestMethod]
    public void CanRun_IsFalse_WhileActivationsAreObserved_OrInEvaluationMode()
    {
        using var scope = NewDisposeScope();
        var task = new BinaryClassificationTask();
        using var network = Network(task, seed: 2);
        using var backprop = MlpBackprop.TryCreate(network)!;
        var batch = Batch(task, 4, seed: 1);
        network.train();
        Assert.IsTrue(backprop.CanRun(batch));
        network.Blocks[0].ActivationObserver = _ => { };
        Assert.IsFalse(backprop.CanRun(batch), "the doctor's statistics need the autograd forward");
        network.Blocks[0].ActivationObserver = null;
        network.eval();
        Assert.IsFalse(backprop.CanRun(batch));
    }

    [TestMethod]
    public void Fit_WithTheDefaultNetwork_MatchesTheAutogradFit()
    {
        // The same seeded fit twice: once as configured (the pass), once with an observer on the first block, which sends
        // every step through autograd. Masks and updates are the same, so the losses agree to float rounding.
        var ml = new MLContext(seed: 1);
        var data = SyntheticData.Binary(ml, 120);
        TrainingHistory Fit(bool observe)
        {
            var options = new DeepMlpBinaryTrainer.Options { HiddenLayerSizes = [16, 8], DropoutRate = 0.3, NumberOfEpochs = 3, BatchSize = 16, Seed = 3 };
            if (observe)
                options.Callbacks.Add(new ObserveFirstBlock());
            using var model = new DeepMlpBinaryTrainer(options).Fit(data);
            return model.History;
        }
        var pass = Fit(observe: false);
        var autograd = Fit(observe: true);
        Assert.AreEqual(autograd.Steps.Count, pass.Steps.Count);
        for (int s = 0; s < pass.Steps.Count; s++)
            Assert.AreEqual(autograd.Steps[s].Loss, pass.Steps[s].Loss, 1e-4, $"step {s + 1}");
    }

    private static double AutogradStep(MlpNetwork network, ITrainingObjective objective, Batch batch, double? weight)
    {
        var loss = objective.Loss(network.call(batch.Features), batch);
        (weight is { } w ? loss * w : loss).backward();
        return loss.item<float>();
    }

    private static MlpNetwork Network(PredictionTask task, int seed, Activation activation = Activation.ReLU,
        Normalization normalization = Normalization.None, bool residual = false)
    {
        var init = new Generator((ulong)seed);
        var dropout = new Generator((ulong)seed + 100);
        HiddenLayerSpec Spec(double rate, bool res) => new(activation, normalization, WeightInitialization.Auto, rate, res);
        var network = new MlpNetwork(Inputs, [9, 9, 6], [Spec(0.3, false), Spec(0, residual), Spec(0.5, false)], task.OutputSize,
            WeightInitialization.Auto, init, dropout);
        network.train();
        return network;
    }

    private static Batch Batch(PredictionTask task, int rows, int seed)
    {
        var generator = new Generator((ulong)seed);
        var features = randn([rows, Inputs], generator: generator);
        var labels = task switch
        {
            BinaryClassificationTask => randint(2, [rows], generator: generator).to(ScalarType.Float32),
            MulticlassClassificationTask => randint(3, [rows], generator: generator).to(ScalarType.Float32),
            _ => randn([rows], generator: generator),
        };
        var weights = rand([rows], generator: generator) + 0.5;
        return new Batch(features, labels, weights);
    }

    /// <summary>Sets a no-op activation observer on the first block for the whole fit.</summary>
    private sealed class ObserveFirstBlock : TrainingCallback
    {
        public override void OnTrainBegin(TrainingContext context) =>
            ((MlpNetwork)context.Network).Blocks[0].ActivationObserver = _ => { };
    }
}
