using TorchSharp;
using static MLNetDeep.Diagnostics.SetupChecks;
using static TorchSharp.torch;

namespace MLNetDeep.Diagnostics;

/// <summary>
/// Check 1: the loss of the network as Fit initializes it (same seed; training mode, so batch norm uses the batch's
/// statistics; dropout off, so the figure is the network's function, as in the overfit check's first step), on up to
/// 1,024 training rows, unweighted, against its expected value: for classification the entropy of the training class
/// prior, −Σ p_k ln p_k (ln K for balanced classes); for regression the mean square of the standardized label (≈ 1).
/// Warns when they differ by more than <see cref="Tolerance"/> (absolute, in loss units).
/// </summary>
internal static class InitialLossCheck
{
    public const double Tolerance = 0.5;

    public const int Rows = 1024;

    public static SetupFinding Run(SetupContext context)
    {
        var data = context.Data;
        double measured = Measure(context);
        double expected, uniform = double.NaN;
        string expectation;
        if (data.ClassCounts.Length > 0)
        {
            double total = data.ClassCounts.Sum();
            expected = -data.ClassCounts.Where(n => n > 0).Sum(n => n / total * Math.Log(n / total));
            uniform = Math.Log(data.ClassCounts.Length);
            expectation = $"the class prior's entropy; ln {data.ClassCounts.Length} = {F(uniform)}";
        }
        else
        {
            var (offset, scale) = (data.Standardization.LabelOffset, data.Standardization.LabelScale);
            expected = data.Training.Labels.Average(y => Math.Pow((y - offset) / scale, 2));
            expectation = "the standardized label's mean square";
        }

        var figures = new Dictionary<string, double> { ["initial loss"] = measured, ["expected loss"] = expected };
        if (!double.IsNaN(uniform))
            figures["uniform loss"] = uniform;
        string summary = $"{F(measured)} at initialization; expected {F(expected)} ({expectation}), tolerance {F(Tolerance)}";
        if (double.IsFinite(measured) && Math.Abs(measured - expected) <= Tolerance)
            return new SetupFinding(SetupCheckNames.InitialLoss, SetupStatus.Pass, summary, figures);
        return new SetupFinding(SetupCheckNames.InitialLoss, SetupStatus.Warn, summary, figures, Remedy(context.Options, measured, expected, uniform));
    }

    private static double Measure(SetupContext context)
    {
        using var scope = NewDisposeScope();
        var seeds = context.Seeds;
        using var init = new Generator(seeds.Initialization, CPU);
        using var dropout = new Generator(seeds.Dropout, CPU);
        using var network = context.Network(dropout: false, init, dropout);
        network.train();
        var (x, y) = context.Data.TrainingTensors(context.Data.SampleTrainingRows(Rows, context.Seed));
        using var _ = no_grad();
        return context.Data.Task.RowLoss(network.call(x), y).mean().ToDouble();
    }

    private static string Remedy(DeepMlpOptionsBase options, double measured, double expected, double uniform)
    {
        if (!double.IsNaN(uniform) && Math.Abs(measured - uniform) <= Tolerance)
            return $"The output layer starts near uniform probabilities (loss ln K = {F(uniform)}) while the classes are imbalanced (prior entropy {F(expected)}): "
                + "the first steps only learn the prior. Set ClassWeighting = ClassWeighting.Balanced to weigh the classes equally, or expect a slower start.";
        if (measured < expected)
            return "The network predicts the label better than the prior before any training: check the features for the label or a copy of it (see the single-feature check).";
        if (!options.StandardizeFeatures)
            return "The initial outputs are far from the label: set StandardizeFeatures = true (features of large scale make the first layer's outputs large).";
        if (options.WeightInitialization is WeightInitialization.Auto or WeightInitialization.HeUniform or WeightInitialization.HeNormal)
            return $"The initial outputs are spread (their variance is about the excess, {F(measured - expected)}): WeightInitialization = {options.WeightInitialization} "
                + "scales the hidden layers for ReLU (He), and the Xavier-scaled output layer then gives outputs of variance about 2. "
                + "Set WeightInitialization = WeightInitialization.XavierUniform to start them near 0, or expect the first steps to shrink them.";
        return $"The initial outputs are spread (their variance is about the excess, {F(measured - expected)}): check the Activation ({options.Activation}) "
            + $"and the feature scale; WeightInitialization = {options.WeightInitialization}.";
    }
}
