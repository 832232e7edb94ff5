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
    /// The network family: <see cref="MLNetDeep.Architecture.Mlp"/> (the default), <see cref="MLNetDeep.Architecture.ResNet"/>
    /// (equal-width hidden layers after the first become residual blocks y = x + f(x)), <see cref="MLNetDeep.Architecture.TabM"/>
    /// or <see cref="MLNetDeep.Architecture.TabMMini"/> (<see cref="NumberOfTabMMembers"/> MLPs trained as one network and
    /// averaged). <see cref="HiddenLayerSizes"/>, <see cref="Activation"/>, <see cref="Normalization"/> and dropout describe
    /// the hidden layers of every family; TabM and TabM-mini take no batch normalization (use LayerNorm).
    /// </summary>
    public Architecture Architecture { get; set; } = Architecture.Mlp;

    /// <summary>
    /// The members k of <see cref="MLNetDeep.Architecture.TabM"/> and <see cref="MLNetDeep.Architecture.TabMMini"/>, 1 to 256.
    /// Default 32 (the TabM paper's choice). Each member costs a share of every hidden layer's activations, so an epoch
    /// costs roughly k times an MLP's activation work with the same weight matrices. Ignored by the other architectures.
    /// </summary>
    public int NumberOfTabMMembers { get; set; } = 32;

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
        errors.Check(Enum.IsDefined(o.Architecture), nameof(o.Architecture), o.Architecture,
            "must be one of " + string.Join(", ", Enum.GetNames<Architecture>()));
        ValidateFamily(o, errors);
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

    /// <summary>What each architecture needs of the hidden layers.</summary>
    private static void ValidateFamily(DeepMlpOptionsBase o, OptionErrors errors)
    {
        int[]? sizes = o.HiddenLayerSizes;
        if (o.Architecture == Architecture.ResNet && sizes is not null)
        {
            bool anyBlock = sizes.Skip(1).Where((width, i) => width == sizes[i]).Any();
            errors.Check(anyBlock, nameof(o.Architecture), o.Architecture,
                $"ResNet needs two adjacent hidden layers of the same width to make a residual block, and HiddenLayerSizes is [{string.Join(", ", sizes)}]; use for example [256, 256, 256]");
        }

        if (o.Architecture is not (Architecture.TabM or Architecture.TabMMini))
            return;
        errors.Check(o.NumberOfTabMMembers is >= 1 and <= 256, nameof(o.NumberOfTabMMembers), o.NumberOfTabMMembers, "must be in [1, 256]");
        errors.Check(sizes is not { Length: 0 }, nameof(o.HiddenLayerSizes), "[]",
            $"Architecture {o.Architecture} needs at least one hidden layer (its members differ by their hidden layers' scalings)");
        errors.Check(o.Normalization != Normalization.BatchNorm, nameof(o.Normalization), o.Normalization,
            $"Architecture {o.Architecture} takes no batch normalization (batch statistics would mix the members); use LayerNorm or None");
    }
}
