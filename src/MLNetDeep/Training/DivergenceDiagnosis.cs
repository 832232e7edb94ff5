using System.Globalization;
using System.Text.RegularExpressions;
using static TorchSharp.torch;

namespace MLNetDeep.Training;

/// <summary>What a diverged fit says about itself: the first non-finite parameter, and the likely causes ranked with the option that fixes each.</summary>
internal static partial class DivergenceDiagnosis
{
    /// <summary>The first parameter or buffer (input side first) holding NaN or infinity, named for people; null when all are finite.</summary>
    public static string? FirstNonFinite(nn.Module network)
    {
        using var _ = no_grad();
        foreach (var (name, tensor) in network.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).Concat(network.named_buffers()))
        {
            if (!tensor.is_floating_point())
                continue;
            using var finite = isfinite(tensor).all();
            if (!finite.item<bool>())
                return FriendlyName(name);
        }
        return null;
    }

    /// <summary>The likely causes of divergence for these options, most likely first.</summary>
    /// <param name="o">The trainer options.</param>
    /// <param name="float16Overflow">Whether float16 steps kept overflowing.</param>
    public static IReadOnlyList<string> LikelyCauses(DeepMlpOptionsBase o, bool float16Overflow)
    {
        var culture = CultureInfo.InvariantCulture;
        var causes = new List<string>();
        if (float16Overflow || o.MixedPrecision == MixedPrecision.Float16)
            causes.Add("Float16 overflow: float16 cannot hold large activations or gradients; set MixedPrecision = BFloat16 (the range of float32) or None.");
        causes.Add(string.Create(culture,
            $"The learning rate is too high: LearningRate is {o.LearningRate:G4} with {o.Optimizer}; try {o.LearningRate / 10:G4}, and a warm-up (WarmupFraction = 0.05)."));
        if (!o.StandardizeFeatures)
            causes.Add("Unstandardized inputs: StandardizeFeatures is false, so large feature values reach the first layer as they are; set StandardizeFeatures = true or normalize in the pipeline.");
        if (o.GradientClippingNorm is null && o.GradientClippingValue is null)
            causes.Add("No gradient clipping: one bad batch can throw the weights far off; set GradientClippingNorm = 1.");
        return causes;
    }

    /// <summary>"_blocks.0._linear.weight" → "hidden layer 1 (_linear.weight)"; "_output.bias" → "output layer (bias)".</summary>
    private static string FriendlyName(string name)
    {
        var match = BlockParameter().Match(name);
        if (match.Success)
            return $"hidden layer {int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) + 1} ({match.Groups[2].Value})";
        return name.StartsWith("_output.", StringComparison.Ordinal) ? $"output layer ({name["_output.".Length..]})" : name;
    }

    [GeneratedRegex(@"^_blocks\.(\d+)\.(.+)$")]
    private static partial Regex BlockParameter();
}
