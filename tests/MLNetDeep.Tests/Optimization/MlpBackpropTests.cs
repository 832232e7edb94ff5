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
    private static readonly float[] BinaryClassWeights = [0.3f, 2f];
    private static readonly float[] MulticlassClassWeights = [0.5f, 1.5f, 3f];

    [TestMethod]
    [DataRow("binary", 0.0, null)]
    [DataRow("multiclass", 0.0, null)]
    [DataRow("regression", 0.0, null)]
    [DataRow("multiclass", 0.01, null)]    // L1 reads the weights: its gradient comes through autograd beside the pass's
    [DataRow("binary", 0.0, 2.5)]          // gradient accumulation backpropagates the loss times the batch weight
    [DataRow("multiclass", 0.0, null, "class weights")]
    [DataRow("binary", 0.0, null, "class weights")]
    [DataRow("multiclass", 0.0, null, "mixup")]   // a mixed target goes through autograd on the logits
    [DataRow("regression", 0.0, 0.5, "mixup")]
    [DataRow("multiclass", 0.0, null, "zero weights")]   // rows of weight 0, then a batch whose weights are all 0
    [DataRow("binary", 0.0, 2.0, "zero weights")]
    [DataRow("multiclass", 0.0, null, "strided")]   // labels and weights that are not contiguous: the managed loss copies them
    [DataRow("binary", 0.0, null, "strided")]
    public void Gradients_MatchAutograd_WithDropoutMasksFromTheSameGenerator(string taskName, double l1, double? weight, string variant = "")
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
        var classWeights = variant == "class weights" ? tensor(taskName == "binary" ? BinaryClassWeights : MulticlassClassWeights) : null;
        ITrainingObjective objective = new TaskObjective(task, classWeights);
        ITrainingObjective referenceObjective = new TaskObjective(task, classWeights);
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
            if (variant == "zero weights")
                batch = batch with { Weights = rows == 5 ? zeros(rows) : batch.Weights * (arange(rows) % 2) };
            if (variant == "strided")
                batch = batch with { Labels = stack([batch.Labels, batch.Labels], 1).select(1, 0), Weights = stack([batch.Weights, batch.Weights], 1).select(1, 1) };
            if (variant == "mixup")
                batch = batch with { MixLabels = batch.Labels.flip(0), MixLambda = 0.3 };
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
        Assert.IsNull(MlpBackprop.TryCreate(Network(task, 1, normalization: Normalization.LayerNorm)), "layer normalization");
        Assert.IsNull(MlpBackprop.TryCreate(Network(task, 1, residual: true)), "a residual block");
        var options = new DeepMlpBinaryTrainer.Options { Architecture = Architecture.TabM, HiddenLayerSizes = [8] };
        using var generator = new Generator(1);
        Assert.IsNull(MlpBackprop.TryCreate(NetworkFactory.Create(options, Inputs, task, generator, generator)), "TabM");
        var embedded = new DeepMlpBinaryTrainer.Options { HiddenLayerSizes = [8], NumericalEmbedding = NumericalEmbedding.Periodic };
        var plan = new MLNetDeep.Embeddings.EmbeddingPlan(Inputs, Inputs, [], [], 0.02, new float[Inputs], Enumerable.Repeat(1f, Inputs).ToArray(),
            NumericalEmbedding.Periodic, 0, [], [], Frequencies: 2, Sigma: 0.1, Dimension: 2);
        Assert.IsNull(MlpBackprop.TryCreate(NetworkFactory.Create(embedded, Inputs, task, generator, generator, plan)), "an embedded network");
        Assert.IsNotNull(MlpBackprop.TryCreate(NetworkFactory.Create(new DeepMlpBinaryTrainer.Options(), Inputs, task, generator, generator)),
            "the default network takes the pass");
    }

    [TestMethod]
    public void Observers_SeeTheActivationsBeforeDropout_AsInTheAutogradForward()
    {
        using var scope = NewDisposeScope();
        var task = new BinaryClassificationTask();
        using var reference = Network(task, seed: 2);
        using var network = Network(task, seed: 2);
        using var backprop = MlpBackprop.TryCreate(network)!;
        var seen = new List<float[]>();
        var expected = new List<float[]>();
        network.Blocks[0].ActivationObserver = x => seen.Add(x.data<float>().ToArray());
        reference.Blocks[0].ActivationObserver = x => expected.Add(x.data<float>().ToArray());
        var batch = Batch(task, 6, seed: 1);
        var objective = new TaskObjective(task, null);
        AutogradStep(reference, objective, batch, null);
        backprop.Backward(batch, objective, null);
        Assert.HasCount(1, seen);
        OptimizationTestKit.AssertClose(expected[0], seen[0], 1e-6, "the first block's activations");
        Assert.IsTrue(seen[0].Any(v => v > 0) && seen[0].Any(v => v == 0), "ReLU outputs, some above 0 and some cut");
        OptimizationTestKit.AssertClose(reference.Blocks[0].Linear.weight!.grad!.data<float>().ToArray(),
            network.Blocks[0].Linear.weight!.grad!.data<float>().ToArray(), 1e-5, "first layer's weight gradient");
    }

    [TestMethod]
    public void CanRun_IsFalse_InEvaluationMode()
    {
        using var scope = NewDisposeScope();
        var task = new BinaryClassificationTask();
        using var network = Network(task, seed: 2);
        using var backprop = MlpBackprop.TryCreate(network)!;
        var batch = Batch(task, 4, seed: 1);
        Assert.IsTrue(backprop.CanRun(batch));
        network.eval();
        Assert.IsFalse(backprop.CanRun(batch));
    }

    [TestMethod]
    [DataRow(OptimizerAlgorithm.AdamW, 1)]
    [DataRow(OptimizerAlgorithm.Adam, 2)]   // gradient accumulation adds two batches' gradients into the pass's buffers
    [DataRow(OptimizerAlgorithm.Sgd, 1)]    // TorchSharp's SGD zeroes the gradients in place instead of setting them to none
    public void Fit_WithTheDefaultNetwork_MatchesTheAutogradFit(OptimizerAlgorithm optimizer, int accumulation)
    {
        // The same seeded fit through the pass and through autograd: masks and updates are the same, so the losses and
        // the weights agree to float rounding.
        var ml = new MLContext(seed: 1);
        var data = SyntheticData.Binary(ml, 120);
        DeepMlpTransformer Fit(bool pass) => new DeepMlpBinaryTrainer(new DeepMlpBinaryTrainer.Options
        {
            HiddenLayerSizes = [16, 8], DropoutRate = 0.3, NumberOfEpochs = 3, BatchSize = 16, Seed = 3, UseHandWrittenPass = pass,
            Optimizer = optimizer, GradientAccumulationSteps = accumulation, LearningRate = optimizer == OptimizerAlgorithm.Sgd ? 0.05 : 2e-3,
        }).Fit(data);
        using var pass = Fit(pass: true);
        using var autograd = Fit(pass: false);
        Assert.AreEqual(autograd.History.Steps.Count, pass.History.Steps.Count);
        for (int s = 0; s < pass.History.Steps.Count; s++)
            Assert.AreEqual(autograd.History.Steps[s].Loss, pass.History.Steps[s].Loss, 1e-4, $"step {s + 1}");
        OptimizationTestKit.AssertClose(Checkpoints.CheckpointTestKit.Weights(autograd), Checkpoints.CheckpointTestKit.Weights(pass), 1e-4, "weights");
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

    /// <summary>A batch whose tensors are views 3 rows into larger ones, as the cached source's batches are views of a chunk.</summary>
    private static Batch Batch(PredictionTask task, int rows, int seed)
    {
        var generator = new Generator((ulong)seed);
        long all = rows + 3;
        var features = randn([all, Inputs], generator: generator);
        var labels = task switch
        {
            BinaryClassificationTask => randint(2, [all], generator: generator).to(ScalarType.Float32),
            MulticlassClassificationTask => randint(3, [all], generator: generator).to(ScalarType.Float32),
            _ => randn([all], generator: generator),
        };
        var weights = rand([all], generator: generator) + 0.5;
        return new Batch(features.narrow(0, 3, rows), labels.narrow(0, 3, rows), weights.narrow(0, 3, rows));
    }

}
