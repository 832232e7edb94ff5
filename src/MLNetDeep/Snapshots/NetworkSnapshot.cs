namespace MLNetDeep.Snapshots;

/// <summary>
/// A trained network as plain arrays, independent of TorchSharp: what the ONNX exporter writes and what the
/// in-memory reference forward pass reads. Layers run in order on a row vector; <paramref name="Task"/> says what the
/// last layer's outputs mean (and writes the ONNX head that turns them into predictions).
/// </summary>
internal sealed record NetworkSnapshot(int InputSize, IReadOnlyList<SnapshotLayer> Layers, PredictionTask Task)
{
    /// <summary>The members the network computes side by side (TabM's k, from its per-member output layer); 1 for a plain network.</summary>
    public int MemberCount => Layers.Count > 0 && Layers[^1] is MemberDenseLayer heads ? heads.Members : 1;

    /// <summary>True when the layers run on [batch, members, width] values (TabM), from the first layer on.</summary>
    public bool HasMemberAxis => Layers.Count > 0 && Layers[0] is EnsembleDenseLayer;

    /// <summary>
    /// The input embedding that runs before <see cref="Layers"/> (standardizing and encoding the <see cref="InputSize"/>
    /// inputs into the first layer's width), or null: the layers read the inputs, the standardization folded into the first.
    /// </summary>
    public Embeddings.EmbeddingSnapshot? Embedding { get; init; }
}

/// <summary>One step of the network body.</summary>
internal abstract record SnapshotLayer;

/// <summary>A layer with a weight matrix: <paramref name="Inputs"/> values in, <paramref name="Outputs"/> out (per member).</summary>
internal abstract record LinearSnapshotLayer(int Inputs, int Outputs) : SnapshotLayer
{
    /// <summary>Its trained parameters.</summary>
    public abstract long ParameterCount { get; }
}

/// <summary>y = x·Wᵀ + b, with <paramref name="Weight"/> row-major [<paramref name="Outputs"/>, <paramref name="Inputs"/>] as in torch.nn.Linear.</summary>
internal sealed record DenseLayer(int Inputs, int Outputs, float[] Weight, float[] Bias) : LinearSnapshotLayer(Inputs, Outputs)
{
    public override long ParameterCount => Weight.LongLength + Bias.LongLength;
}

/// <summary>
/// A BatchEnsemble layer on [batch, members, <paramref name="Inputs"/>] values (a [batch, 1, inputs] input is shared by
/// all members): yᵢ = ((x ⊙ rᵢ)·Wᵀ) ⊙ sᵢ + bᵢ, with the shared <paramref name="Weight"/> [outputs, inputs], the optional
/// <paramref name="InputScale"/> r [members, inputs] and <paramref name="OutputScale"/> s [members, outputs], and
/// <paramref name="Bias"/> [members, outputs] or [outputs] (shared).
/// </summary>
internal sealed record EnsembleDenseLayer(int Inputs, int Outputs, int Members, float[] Weight, float[]? InputScale, float[]? OutputScale, float[] Bias)
    : LinearSnapshotLayer(Inputs, Outputs)
{
    public override long ParameterCount =>
        Weight.LongLength + (InputScale?.LongLength ?? 0) + (OutputScale?.LongLength ?? 0) + Bias.LongLength;
}

/// <summary>
/// One output layer per member on [batch, members, inputs] values: yᵢ = xᵢ·Wᵢᵀ + bᵢ, with <paramref name="Weight"/>
/// [members, outputs, inputs] and <paramref name="Bias"/> [members, outputs].
/// </summary>
internal sealed record MemberDenseLayer(int Inputs, int Outputs, int Members, float[] Weight, float[] Bias) : LinearSnapshotLayer(Inputs, Outputs)
{
    public override long ParameterCount => Weight.LongLength + Bias.LongLength;
}

/// <summary>Element-wise activation; <paramref name="Parameter"/> is the LeakyReLU slope or the ELU alpha.</summary>
internal sealed record ActivationLayer(Activation Kind, float Parameter) : SnapshotLayer;

/// <summary>Batch norm in inference form: y = (x − mean) / sqrt(var + eps) · scale + shift.</summary>
internal sealed record BatchNormLayer(float[] Mean, float[] Variance, float[] Scale, float[] Shift, float Epsilon) : SnapshotLayer;

/// <summary>Layer norm over the feature axis: y = (x − mean(x)) / sqrt(var(x) + eps) · scale + shift.</summary>
internal sealed record LayerNormLayer(float[] Scale, float[] Shift, float Epsilon) : SnapshotLayer;

/// <summary>y = x + body(x) (the body keeps the width).</summary>
internal sealed record ResidualLayer(IReadOnlyList<SnapshotLayer> Body) : SnapshotLayer;
