using TorchSharp;
using MLNetDeep.Training.Optimization;
using static MLNetDeep.Diagnostics.SetupChecks;
using static TorchSharp.torch;

namespace MLNetDeep.Diagnostics;

/// <summary>
/// Check 2: a copy of the network (the options' architecture and initial weights, dropout off so that the batch can
/// be memorized; batch norm in training mode) is trained on <see cref="Rows"/> seeded training rows, all in one batch,
/// with the options' optimizer, learning rate and L2/weight decay at a constant rate (no schedule, warm-up, clipping,
/// L1, input noise or mixup; unweighted loss). The loss must fall below <see cref="Target"/> of its initial value
/// within <see cref="MaxSteps"/> steps, else the check fails: a network that cannot memorize 32 rows cannot learn.
/// </summary>
internal static class OverfitCheck
{
    public const int Rows = 32;

    public const int MaxSteps = 500;

    public const double Target = 0.05;

    public static SetupFinding Run(SetupContext context)
    {
        var (initial, best, steps) = Train(context);
        var figures = new Dictionary<string, double> { ["initial loss"] = initial, ["best loss"] = best, ["steps"] = steps, ["rows"] = Math.Min(Rows, context.Data.Training.Count) };
        bool reached = double.IsFinite(best) && best < Target * initial;
        string summary = $"loss {F(initial)} -> {F(best)} in {steps} steps on {figures["rows"]} rows (target: below {F(Target * 100)}% of the initial loss within {MaxSteps} steps)";
        if (reached)
            return new SetupFinding(SetupCheckNames.OverfitSmallBatch, SetupStatus.Pass, summary, figures);
        var o = context.Options;
        string remedy = double.IsFinite(best)
            ? $"Raise LearningRate (now {F(o.LearningRate)}; 1e-3 is a good start with Adam), lower L2Regularization ({F(o.L2Regularization)}) or WeightDecay ({F(o.WeightDecay)}), "
              + $"or widen HiddenLayerSizes (now [{string.Join(", ", o.HiddenLayerSizes)}]); also check that the label is not noise."
            : $"The loss became non-finite: lower LearningRate (now {F(o.LearningRate)}) or set StandardizeFeatures = true.";
        return new SetupFinding(SetupCheckNames.OverfitSmallBatch, SetupStatus.Fail, summary, figures, remedy);
    }

    /// <summary>The initial loss, the best loss and the steps taken (stops once the target is reached).</summary>
    private static (double Initial, double Best, int Steps) Train(SetupContext context)
    {
        using var scope = NewDisposeScope();
        var seeds = context.Seeds;
        using var init = new Generator(seeds.Initialization, CPU);
        using var dropout = new Generator(seeds.Dropout, CPU);
        using var network = context.Network(dropout: false, init, dropout);
        network.train();
        using var optimizer = OptimizationFactory.CreateOptimizer(context.Options, network.parameters());
        var (x, y) = context.Data.TrainingTensors(context.Data.SampleTrainingRows(Rows, context.Seed + 1));
        double initial = double.NaN, best = double.PositiveInfinity;
        int step = 0;
        while (step < MaxSteps)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = context.Data.Task.RowLoss(network.call(x), y).mean();
            double value = loss.ToDouble();
            if (step == 0)
                initial = value;
            if (!double.IsFinite(value))
                return (initial, value, step);
            best = Math.Min(best, value);
            if (best < Target * initial)
                break;
            loss.backward();
            optimizer.step();
            step++;
        }
        return (initial, best, step);
    }
}
