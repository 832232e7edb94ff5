using MLNetDeep.Diagnostics;
using MLNetDeep.Modules;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNetDeep.Tests.Diagnostics;

/// <summary>The gradient check fails a module whose backward is wrong and passes the real network.</summary>
[TestClass]
public sealed class GradientCheckTests
{
    [TestMethod]
    public void GradientCheck_PlantedWrongGradient_Fails()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(1, CPU);
        using var broken = new BrokenBackward(generator);
        var (x, y) = Rows(8);

        var result = GradientCheck.Measure(broken, x, y, (output, labels) => (output.squeeze(1) - labels).square().mean(), seed: 1);
        var finding = GradientCheck.Finding(result);

        Assert.IsTrue(result.MaxRelativeError > 0.1, $"max relative error {result.MaxRelativeError}");
        Assert.AreEqual(SetupStatus.Fail, finding.Status, finding.ToString());
        Assert.AreEqual(SetupCheckNames.GradientCheck, finding.Name);
        StringAssert.Contains(finding.Remedy, "wrong backward");
    }

    [TestMethod]
    public void GradientCheck_RealNetworkWithBatchNorm_Passes()
    {
        using var scope = NewDisposeScope();
        using var init = new Generator(1, CPU);
        using var dropout = new Generator(2, CPU);
        var options = new DeepMlpBinaryTrainer.Options { HiddenLayerSizes = [16, 16], Normalization = Normalization.BatchNorm, Architecture = Architecture.ResNet, DropoutRate = 0 };
        using var network = MLNetDeep.Training.NetworkFactory.Create(options, 4, new BinaryClassificationTask(), init, dropout);
        network.to(ScalarType.Float64);
        var (x, y) = Rows(8);
        using var labels = y.gt(0).to_type(ScalarType.Float64);

        var result = GradientCheck.Measure(network, x, labels, (output, l) => new BinaryClassificationTask().RowLoss(output, l).mean(), seed: 1);

        Assert.IsTrue(result.MaxRelativeError < GradientCheck.WarnAbove, $"max relative error {result.MaxRelativeError} at {result.WorstParameter}");
        Assert.AreEqual(SetupStatus.Pass, GradientCheck.Finding(result).Status);
        Assert.AreEqual(GradientCheck.DirectionsPerParameter * network.parameters().Count(), result.Comparisons);
    }

    [TestMethod]
    public void GradientCheck_Float32Network_IsRefused()
    {
        using var generator = new Generator(1, CPU);
        using var module = new BrokenBackward(generator);
        module.to(ScalarType.Float32);
        using var x = zeros(2, 4);
        using var y = zeros(2);

        var e = Assert.ThrowsExactly<ArgumentException>(() => GradientCheck.Measure(module, x, y, (o, l) => o.sum(), seed: 1));
        StringAssert.StartsWith(e.Message, "The gradient check needs a float64 network.");
    }

    private static (Tensor X, Tensor Y) Rows(int count)
    {
        using var generator = new Generator(7, CPU);
        var x = randn([count, 4], dtype: ScalarType.Float64, generator: generator);
        var y = randn([count], dtype: ScalarType.Float64, generator: generator);
        return (x, y);
    }

    /// <summary>
    /// f(x) = z + z²/2 with z = linear(x), where the square term is detached: autograd sees dz only, while the
    /// function (and the central differences) has (1 + z)·dz. A planted wrong backward.
    /// </summary>
    private sealed class BrokenBackward : nn.Module<Tensor, Tensor>
    {
        private readonly Linear _linear;

        public BrokenBackward(Generator generator) : base(nameof(BrokenBackward))
        {
            _linear = nn.Linear(4, 1, dtype: ScalarType.Float64);
            using (no_grad())
            {
                _linear.weight!.copy_(randn([1, 4], dtype: ScalarType.Float64, generator: generator));
                _linear.bias!.fill_(0.5);
            }
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            var z = _linear.call(input);
            return z + (z.square().detach() / 2);
        }
    }
}
