using MLNetDeep.Data;
using MLNetDeep.Native;
using MLNetDeep.Snapshots;
using static TorchSharp.torch;

namespace MLNetDeep.Modules;

/// <summary>
/// Moves an <see cref="EnsembleLinear"/> to and from its export form, and folds the input standardization
/// x' = (x − m)/σ into the first one: ((r ⊙ x')·Wᵀ) ⊙ s + b = ((r ⊙ x)·(W/σ)ᵀ) ⊙ s + (b − s ⊙ ((r ⊙ m/σ)·Wᵀ)), so the
/// folded layer keeps r and s, divides W's columns by σ, and gets one bias per member.
/// </summary>
internal static class TabMFolding
{
    /// <summary>The layer's parameters as plain arrays.</summary>
    public static EnsembleDenseLayer Dense(EnsembleLinear linear)
    {
        var weight = linear.Weight;
        return new EnsembleDenseLayer((int)weight.shape[1], (int)weight.shape[0], linear.Members, FloatSpans.ToFloatArray(weight),
            linear.InputScale is { } r ? FloatSpans.ToFloatArray(r) : null, linear.OutputScale is { } s ? FloatSpans.ToFloatArray(s) : null, FloatSpans.ToFloatArray(linear.Bias));
    }

    /// <summary>The layer reading raw features instead of standardized ones.</summary>
    public static EnsembleDenseLayer Fold(EnsembleDenseLayer layer, FeatureScaling scaling)
    {
        var weight = new float[layer.Weight.Length];
        for (int o = 0; o < layer.Outputs; o++)
        {
            for (int i = 0; i < layer.Inputs; i++)
                weight[(o * layer.Inputs) + i] = layer.Weight[(o * layer.Inputs) + i] / scaling.Scale[i];
        }
        var shift = Shift(layer, layer.Weight, i => (double)scaling.Mean[i] / scaling.Scale[i]);
        return layer with { Weight = weight, Bias = Add(layer, shift, -1) };
    }

    /// <summary>The inverse of <see cref="Fold"/>: the layer for features standardized by <paramref name="scaling"/>.</summary>
    public static EnsembleDenseLayer Unfold(EnsembleDenseLayer folded, FeatureScaling scaling)
    {
        var weight = new float[folded.Weight.Length];
        for (int o = 0; o < folded.Outputs; o++)
        {
            for (int i = 0; i < folded.Inputs; i++)
                weight[(o * folded.Inputs) + i] = folded.Weight[(o * folded.Inputs) + i] * scaling.Scale[i];
        }
        var shift = Shift(folded, folded.Weight, i => scaling.Mean[i]);
        return folded with { Weight = weight, Bias = Add(folded, shift, +1) };
    }

    /// <summary>Copies <paramref name="layer"/> into <paramref name="linear"/>, which must have the same parameters and shapes.</summary>
    public static void Load(EnsembleLinear linear, EnsembleDenseLayer layer)
    {
        if (layer.Members != linear.Members || (layer.InputScale is null) != (linear.InputScale is null) || (layer.OutputScale is null) != (linear.OutputScale is null)
            || layer.Bias.Length != linear.Bias.numel())
            throw new ArgumentException("The snapshot's ensemble layer does not match the network's.", nameof(layer));
        using var _ = no_grad();
        HiddenBlock.Copy(linear.Weight, layer.Weight);
        HiddenBlock.Copy(linear.Bias, layer.Bias);
        if (linear.InputScale is { } r)
            HiddenBlock.Copy(r, layer.InputScale!);
        if (linear.OutputScale is { } s)
            HiddenBlock.Copy(s, layer.OutputScale!);
    }

    /// <summary>sᵢ ⊙ ((rᵢ ⊙ v)·Wᵀ) per member i, [members, outputs], with vⱼ = <paramref name="input"/>(j).</summary>
    private static double[] Shift(EnsembleDenseLayer layer, float[] weight, Func<int, double> input)
    {
        int k = layer.Members, inputs = layer.Inputs, outputs = layer.Outputs;
        var shift = new double[k * outputs];
        for (int m = 0; m < k; m++)
        {
            for (int o = 0; o < outputs; o++)
            {
                double sum = 0;
                for (int i = 0; i < inputs; i++)
                    sum += weight[(o * inputs) + i] * (layer.InputScale?[(m * inputs) + i] ?? 1f) * input(i);
                shift[(m * outputs) + o] = sum * (layer.OutputScale?[(m * outputs) + o] ?? 1f);
            }
        }
        return shift;
    }

    /// <summary>The layer's bias, one per member, plus <paramref name="sign"/> times <paramref name="shift"/>.</summary>
    private static float[] Add(EnsembleDenseLayer layer, double[] shift, int sign)
    {
        bool shared = layer.Bias.Length == layer.Outputs;
        var bias = new float[shift.Length];
        for (int j = 0; j < shift.Length; j++)
            bias[j] = (float)(layer.Bias[shared ? j % layer.Outputs : j] + (sign * shift[j]));
        return bias;
    }
}
