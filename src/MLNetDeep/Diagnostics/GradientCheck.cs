using MLNetDeep.Native;
using TorchSharp;
using static MLNetDeep.Diagnostics.SetupChecks;
using static TorchSharp.torch;

namespace MLNetDeep.Diagnostics;

/// <summary>
/// Check 3: autograd's gradients against float64 central differences. A float64 copy of the network (dropout off,
/// batch norm in training mode, so every forward pass is the same function) computes the mean loss on
/// <see cref="Rows"/> training rows; for every parameter tensor and <see cref="DirectionsPerParameter"/> seeded
/// Gaussian directions v, the directional derivative ∇L·v from autograd is compared with
/// (L(θ + εv) − L(θ − εv)) / 2ε, ε = <see cref="Epsilon"/>. The error of one comparison is
/// |a − n| / max(|a|, |n|, <see cref="Floor"/> · max(1, L)) (the floor keeps the differences' rounding noise, about
/// 1e-10 · L, from counting where the true derivative is 0, as for a bias before batch norm); the check fails when the largest is above <see cref="FailAbove"/>
/// (a wrong gradient gives errors near 1) and warns above <see cref="WarnAbove"/> (correct gradients give about
/// 1e-8; a ReLU kink crossed by the step can give up to about 1e-4).
/// </summary>
internal static class GradientCheck
{
    public const int Rows = 8;

    public const int DirectionsPerParameter = 2;

    public const double Epsilon = 1e-6;

    public const double Floor = 1e-4;

    public const double FailAbove = 1e-3;

    public const double WarnAbove = 1e-5;

    /// <summary>The largest relative error, where it occurred, and how many directional derivatives were compared.</summary>
    internal sealed record Result(double MaxRelativeError, string WorstParameter, int Comparisons);

    public static SetupFinding Run(SetupContext context)
    {
        using var scope = NewDisposeScope();
        var seeds = context.Seeds;
        using var init = new Generator(seeds.Initialization, CPU);
        using var dropout = new Generator(seeds.Dropout, CPU);
        using var network = context.Network(dropout: false, init, dropout);
        network.to(ScalarType.Float64);
        network.train();
        var (x, y) = context.Data.TrainingTensors(context.Data.SampleTrainingRows(Rows, context.Seed + 2), ScalarType.Float64);
        var task = context.Data.Task;
        return Finding(Measure(network, x, y, (output, labels) => task.RowLoss(output, labels).mean(), context.Seed));
    }

    /// <summary>
    /// Compares autograd with central differences for <paramref name="network"/> (float64 parameters on the CPU, a
    /// deterministic forward) and <paramref name="loss"/> (a scalar from outputs and labels). The network's parameters
    /// end where they started, up to rounding.
    /// </summary>
    internal static Result Measure(nn.Module<Tensor, Tensor> network, Tensor features, Tensor labels, Func<Tensor, Tensor, Tensor> loss, int seed)
    {
        using var scope = NewDisposeScope();
        var parameters = network.named_parameters().ToList();
        if (parameters.Any(p => p.parameter.dtype != ScalarType.Float64))
            throw new ArgumentException("The gradient check needs a float64 network.", nameof(network));
        network.zero_grad();
        using var initial = loss(network.call(features), labels);
        initial.backward();
        double floor = Floor * Math.Max(1, Math.Abs(initial.ToDouble()));
        var gradients = parameters.Select(p => p.parameter.grad is { } g ? g.detach().clone() : zeros_like(p.parameter)).ToList();

        double Loss()
        {
            using var inner = NewDisposeScope();
            using var _ = no_grad();
            return loss(network.call(features), labels).ToDouble();
        }

        using var generator = new Generator(unchecked((ulong)seed), CPU);
        double worst = 0;
        string worstName = "";
        int comparisons = 0;
        for (int i = 0; i < parameters.Count; i++)
        {
            var (name, parameter) = parameters[i];
            for (int d = 0; d < DirectionsPerParameter; d++)
            {
                using var direction = randn(parameter.shape, dtype: ScalarType.Float64, generator: generator);
                double analytic = (gradients[i] * direction).sum().ToDouble();
                double plus, minus;
                using (no_grad())
                {
                    parameter.AddInPlace(direction, Epsilon);
                    plus = Loss();
                    parameter.AddInPlace(direction, -2 * Epsilon);
                    minus = Loss();
                    parameter.AddInPlace(direction, Epsilon);
                }
                double numeric = (plus - minus) / (2 * Epsilon);
                double error = Math.Abs(analytic - numeric) / Math.Max(Math.Max(Math.Abs(analytic), Math.Abs(numeric)), floor);
                if (double.IsNaN(error))
                    error = double.PositiveInfinity;
                comparisons++;
                if (error > worst || worstName.Length == 0)
                    (worst, worstName) = (error, name);
            }
        }
        return new Result(worst, worstName, comparisons);
    }

    /// <summary>The finding for a measured result.</summary>
    internal static SetupFinding Finding(Result result)
    {
        var figures = new Dictionary<string, double> { ["max relative error"] = result.MaxRelativeError, ["comparisons"] = result.Comparisons };
        string summary = $"max relative error {F(result.MaxRelativeError, "E2")} at '{result.WorstParameter}' over {result.Comparisons} directional derivatives "
            + $"(float64 central differences; fail above {F(FailAbove, "E0")}, warn above {F(WarnAbove, "E0")})";
        if (result.MaxRelativeError <= WarnAbove)
            return new SetupFinding(SetupCheckNames.GradientCheck, SetupStatus.Pass, summary, figures);
        if (result.MaxRelativeError <= FailAbove)
            return new SetupFinding(SetupCheckNames.GradientCheck, SetupStatus.Warn, summary, figures,
                "Likely a ReLU kink crossed by the difference step rather than a bug; if it persists with another Seed, report it with the options used.");
        return new SetupFinding(SetupCheckNames.GradientCheck, SetupStatus.Fail, summary, figures,
            "Autograd's gradient disagrees with the loss it differentiates: a custom module or loss has a wrong backward. No option fixes this; report it with the options used.");
    }
}
