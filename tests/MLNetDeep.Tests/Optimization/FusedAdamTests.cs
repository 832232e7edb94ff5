using Fused = MLNetDeep.Training.Optimization.Fused;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNetDeep.Tests.Optimization;

[TestClass]
public sealed class FusedAdamTests
{
    private static readonly long[] Shape = [37, 13];   // not a multiple of the SIMD width: the scalar tail runs too

    [TestMethod]
    [DataRow(false, 0.0)]
    [DataRow(false, 0.01)]
    [DataRow(true, 0.05)]
    public void Step_MatchesTorchSharpsOptimizer_OverSteps(bool decoupled, double weightDecay)
    {
        using var scope = NewDisposeScope();
        var start = randn(Shape, generator: new Generator(3));
        var fusedWeights = new Parameter(start.clone());
        var torchWeights = new Parameter(start.clone());
        optim.Optimizer fused = decoupled
            ? new Fused.AdamW([fusedWeights], 0.01, weightDecay) : new Fused.Adam([fusedWeights], 0.01, weightDecay);
        optim.Optimizer reference = decoupled
            ? optim.AdamW([torchWeights], 0.01, weight_decay: weightDecay) : optim.Adam([torchWeights], 0.01, weight_decay: weightDecay);
        var gradients = new Generator(4);
        for (int step = 0; step < 6; step++)
        {
            var gradient = randn(Shape, generator: gradients) * (step + 1);
            fusedWeights.grad = gradient.clone();
            torchWeights.grad = gradient.clone();
            if (step == 3)   // a scheduler changes the rate between steps
            {
                foreach (var group in fused.ParamGroups.Concat(reference.ParamGroups))
                    group.LearningRate = 0.003;
            }
            fused.step();
            reference.step();
            var difference = (fusedWeights - torchWeights).abs().max().item<float>();
            Assert.IsTrue(difference < 2e-6f, $"step {step}: the fused update left the reference by {difference}");
        }
        float moved = (fusedWeights - start).abs().max().item<float>();
        Assert.IsTrue(moved > 0.01f, $"the weights moved ({moved})");
    }

    [TestMethod]
    public void Step_OfAParameterSplitIntoParallelChunks_MatchesTorchSharpsOptimizer()
    {
        // 3·32,768 + 5 elements: split into up to min(torch threads, 3) chunks, the last one short.
        if (get_num_threads() < 2)
            Assert.Inconclusive("libtorch has one thread here, so the update is not split.");
        using var scope = NewDisposeScope();
        long[] shape = [(3 * 32_768) + 5];
        var start = randn(shape, generator: new Generator(5));
        var fusedWeights = new Parameter(start.clone());
        var torchWeights = new Parameter(start.clone());
        var fused = new Fused.AdamW([fusedWeights], 0.01, 0.02);
        var reference = optim.AdamW([torchWeights], 0.01, weight_decay: 0.02);
        var gradients = new Generator(6);
        for (int step = 0; step < 3; step++)
        {
            var gradient = randn(shape, generator: gradients);
            fusedWeights.grad = gradient.clone();
            torchWeights.grad = gradient.clone();
            fused.step();
            reference.step();
        }
        var difference = (fusedWeights - torchWeights).abs().max().item<float>();
        Assert.IsTrue(difference < 2e-6f, $"the split update left the reference by {difference}");
        Assert.IsTrue((fusedWeights - start).abs().min().item<float>() > 0, "every element moved, the last chunk's included");
    }

    [TestMethod]
    public void StateDictionary_RoundTripsIntoTorchSharpsAdam()
    {
        using var scope = NewDisposeScope();
        var weights = new Parameter(ones(Shape));
        var fused = new Fused.Adam([weights], 0.01, 0);
        weights.grad = full(Shape, 0.5f);
        fused.step();
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            fused.save_state_dict(writer);
        stream.Position = 0;

        var other = new Parameter(ones(Shape));
        var reference = optim.Adam([other], 0.01);
        using (var reader = new BinaryReader(stream))
            reference.load_state_dict(reader);
        var state = (TorchSharp.Modules.Adam.State)reference.state_dict().State[0];
        Assert.AreEqual(1, state.step);
        Assert.AreEqual(0.05f, state.exp_avg.max().item<float>(), 1e-7f, "m = (1 − β₁)·g");
        Assert.AreEqual(0.00025f, state.exp_avg_sq.max().item<float>(), 1e-9f, "v = (1 − β₂)·g²");
    }

    [TestMethod]
    public void Step_FlushesMomentsBelowTheSmallestNormalFloatToZero()
    {
        // A gradient that stops: m = 0.1·g decays by β₁ = 0.9 a step, from 1e-37 into subnormal floats after 21 steps (after
        // 30 it would be about 4e-39 without the flush); the weights must still move as the reference's do.
        using var scope = NewDisposeScope();
        var fusedWeights = new Parameter(ones(Shape));
        var torchWeights = new Parameter(ones(Shape));
        var fused = new Fused.Adam([fusedWeights], 0.01, 0);
        var reference = optim.Adam([torchWeights], 0.01);
        for (int step = 0; step < 30; step++)
        {
            var gradient = step == 0 ? full(Shape, 1e-36f) : zeros(Shape);
            fusedWeights.grad = gradient.clone();
            torchWeights.grad = gradient.clone();
            fused.step();
            reference.step();
        }
        var fusedMean = ((TorchSharp.Modules.Adam.State)fused.state_dict().State[0]).exp_avg;
        var referenceMean = ((TorchSharp.Modules.Adam.State)reference.state_dict().State[0]).exp_avg;
        Assert.AreEqual(0f, fusedMean.abs().max().item<float>(), "the subnormal first moment became 0");
        Assert.IsTrue(referenceMean.min().item<float>() is > 0f and < 1.1754944e-38f, "TorchSharp's Adam keeps it subnormal");
        Assert.IsTrue((fusedWeights - torchWeights).abs().max().item<float>() < 1e-6f, "the weights agree");
    }
}
