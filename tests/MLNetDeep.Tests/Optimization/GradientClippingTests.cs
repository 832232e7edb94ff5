using Microsoft.ML;
using TorchSharp;

namespace MLNetDeep.Tests.Optimization;

[TestClass]
public sealed class GradientClippingTests
{
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    public void Fit_WithGradientClippingNorm_NoStepUsesALargerNorm()
    {
        var options = OptimizationTestKit.Small();
        options.GradientClippingNorm = 0.05;

        var steps = OptimizationTestKit.Fit(_ml, options).Steps;

        Assert.IsTrue(steps.All(s => s.GradientNorm <= 0.05 * (1 + 1e-5)), $"largest norm {steps.Max(s => s.GradientNorm)}");
        // The bound binds: clipped steps sit exactly on it.
        Assert.IsTrue(steps.Count(s => Math.Abs(s.GradientNorm!.Value - 0.05) < 1e-5) > steps.Count / 2);
    }

    [TestMethod]
    public void Fit_WithoutClipping_RecordsNoGradientNorm()
    {
        var steps = OptimizationTestKit.Fit(_ml, OptimizationTestKit.Small(epochs: 1)).Steps;

        Assert.AreEqual(10, steps.Count);
        Assert.IsTrue(steps.All(s => s.GradientNorm is null && s.LossScale is null && !s.Skipped));
    }

    [TestMethod]
    public void Fit_WithGradientClippingValue_NoGradientElementExceedsTheBound()
    {
        var largest = new LargestGradient();
        var options = OptimizationTestKit.Small();
        options.GradientClippingValue = 0.01;
        options.Callbacks.Add(largest);

        var steps = OptimizationTestKit.Fit(_ml, options).Steps;

        Assert.AreEqual(50, largest.PerStep.Count);
        Assert.IsTrue(largest.PerStep.All(g => g <= 0.01f), $"largest |g| {largest.PerStep.Max()}");
        Assert.IsTrue(largest.PerStep.Count(g => g == 0.01f) > 25, "the bound should bind on most steps");
        Assert.IsTrue(steps.All(s => s.GradientNorm is > 0));
    }

    /// <summary>Runs after the built-in clipping (user callbacks come last) and records max |g| of each step.</summary>
    private sealed class LargestGradient : TrainingCallback
    {
        public List<float> PerStep { get; } = [];

        public override void OnGradientsComputed(TrainingContext context)
        {
            using var scope = torch.NewDisposeScope();
            PerStep.Add(context.Network.parameters().Max(p => p.grad!.abs().max().item<float>()));
        }
    }
}
