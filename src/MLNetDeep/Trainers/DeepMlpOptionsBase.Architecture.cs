namespace MLNetDeep;

// Architecture options: see the XML docs of each property.
public abstract partial class DeepMlpOptionsBase
{
    /// <summary>
    /// Normalization after each hidden linear layer, before the activation. Default
    /// <see cref="MLNetDeep.Normalization.None"/>. Use <see cref="MLNetDeep.Normalization.BatchNorm"/> or
    /// <see cref="MLNetDeep.Normalization.LayerNorm"/> for deep networks (more than about four hidden layers) or when
    /// training is unstable; LayerNorm does not depend on the batch size.
    /// </summary>
    public Normalization Normalization { get; set; } = Normalization.None;

    /// <summary>
    /// Make hidden layers residual blocks: hidden layer i (i ≥ 1) whose width equals hidden layer i − 1's computes
    /// y = x + f(x), with f = Linear → normalization → activation → dropout. The first hidden layer and layers that
    /// change the width stay plain. Default false. Use it for deep stacks of equal widths (for example
    /// <c>[256, 256, 256, 256]</c>), where it keeps gradients from vanishing.
    /// </summary>
    public bool ResidualConnections { get; set; }

    /// <summary>
    /// How the linear layers' weights start. Default <see cref="MLNetDeep.WeightInitialization.Auto"/> (He for the
    /// ReLU family, the activation's gain for Tanh and Sigmoid, Xavier for the output layer). Choose
    /// <see cref="MLNetDeep.WeightInitialization.XavierUniform"/> or <see cref="MLNetDeep.WeightInitialization.XavierNormal"/>
    /// to follow the Glorot recipe, He for ReLU-like activations, or
    /// <see cref="MLNetDeep.WeightInitialization.TorchDefault"/> to reproduce a PyTorch <c>nn.Linear</c> start.
    /// </summary>
    public WeightInitialization WeightInitialization { get; set; } = WeightInitialization.Auto;

    /// <summary>
    /// Dropout probability per hidden layer, input side first, each in [0, 1); the array must have one rate per
    /// entry of <see cref="HiddenLayerSizes"/>. Default null: every hidden layer uses <see cref="DropoutRate"/>
    /// (which is then ignored when this is set). Use it to drop more in wide early layers and less near the output.
    /// </summary>
    public double[]? DropoutRates { get; set; }
}

/// <summary>Checks the architecture options.</summary>
internal static class ArchitectureOptionsValidator
{
    public static void Validate(DeepMlpOptionsBase o, OptionErrors errors)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(errors);
        errors.Check(Enum.IsDefined(o.Normalization), nameof(o.Normalization), o.Normalization,
            "must be one of " + string.Join(", ", Enum.GetNames<Normalization>()));
        errors.Check(Enum.IsDefined(o.WeightInitialization), nameof(o.WeightInitialization), o.WeightInitialization,
            "must be one of " + string.Join(", ", Enum.GetNames<WeightInitialization>()));
        if (o.DropoutRates is not { } rates)
            return;
        if (o.HiddenLayerSizes is { } sizes)
        {
            errors.Check(rates.Length == sizes.Length, nameof(o.DropoutRates), rates,
                $"must have one rate per hidden layer ({sizes.Length}, the length of HiddenLayerSizes), or be null to use DropoutRate for every layer");
        }
        for (int i = 0; i < rates.Length; i++)
            errors.Check(rates[i] >= 0 && rates[i] < 1, $"DropoutRates[{i}]", rates[i], "must be in [0, 1)");
    }
}
