using TorchSharp;
using static MLNetDeep.Diagnostics.SetupChecks;
using static TorchSharp.torch;

namespace MLNetDeep.Diagnostics;

/// <summary>
/// Check 1: the loss of the network as Fit initializes it (same seed; training mode, so batch norm uses the batch's
/// statistics; dropout off, so the figure is the network's function, as in the overfit check's first step), on up to
/// 1,024 training rows, unweighted, against its expected value: for classification ln K (the output bias starts at 0,
/// so the initialized network predicts about uniform probabilities whatever the class balance; the prior's entropy
/// −Σ p_k ln p_k is reported beside it); for regression the mean square of the standardized label (≈ 1).
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
            // The output bias starts at 0, so an initialized network predicts about uniform probabilities: its loss is
            // ln K whatever the class balance. The prior's entropy is what a network that learned only the prior reaches.
            uniform = TrivialBaseline.PriorEntropy(data.ClassCounts);
            expected = Math.Log(data.ClassCounts.Length);
            expectation = $"ln {data.ClassCounts.Length}, uniform probabilities; the class prior's entropy is {F(uniform)}";
        }
        else
        {
            var (offset, scale) = (data.Standardization.LabelOffset, data.Standardization.LabelScale);
            expected = data.Training.Labels.Average(y => Math.Pow((y - offset) / scale, 2));
            expectation = "the standardized label's mean square";
        }

        var figures = new Dictionary<string, double> { ["initial loss"] = measured, ["expected loss"] = expected };
        if (!double.IsNaN(uniform))
            figures["prior entropy"] = uniform;
        string summary = $"{F(measured)} at initialization; expected {F(expected)} ({expectation}), tolerance {F(Tolerance)}";
        if (double.IsFinite(measured) && Math.Abs(measured - expected) <= Tolerance)
            return new SetupFinding(SetupCheckNames.InitialLoss, SetupStatus.Pass, summary, figures);
        return new SetupFinding(SetupCheckNames.InitialLoss, SetupStatus.Warn, summary, figures, Remedy(context.Options, measured, expected));
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

    private static string Remedy(DeepMlpOptionsBase options, double measured, double expected)
    {
        if (measured < expected - Tolerance)
            return "The network predicts the label better than chance before any training: check the features for the label or a copy of it (see the single-feature check).";
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
