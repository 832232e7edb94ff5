namespace MLNetDeep.Snapshots;

/// <summary>
/// A trained network as plain arrays, independent of TorchSharp: what the ONNX exporter writes and what the
/// in-memory reference forward pass reads. Layers run in order on a row vector; <paramref name="Task"/> says what the
/// last layer's outputs mean (and writes the ONNX head that turns them into predictions).
/// </summary>
internal sealed record NetworkSnapshot(int InputSize, IReadOnlyList<SnapshotLayer> Layers, PredictionTask Task);

/// <summary>One step of the network body.</summary>
internal abstract record SnapshotLayer;

/// <summary>y = x·Wᵀ + b, with <paramref name="Weight"/> row-major [<paramref name="Outputs"/>, <paramref name="Inputs"/>] as in torch.nn.Linear.</summary>
internal sealed record DenseLayer(int Inputs, int Outputs, float[] Weight, float[] Bias) : SnapshotLayer;

/// <summary>Element-wise activation; <paramref name="Parameter"/> is the LeakyReLU slope or the ELU alpha.</summary>
internal sealed record ActivationLayer(Activation Kind, float Parameter) : SnapshotLayer;

/// <summary>Batch norm in inference form: y = (x − mean) / sqrt(var + eps) · scale + shift.</summary>
internal sealed record BatchNormLayer(float[] Mean, float[] Variance, float[] Scale, float[] Shift, float Epsilon) : SnapshotLayer;

/// <summary>Layer norm over the feature axis: y = (x − mean(x)) / sqrt(var(x) + eps) · scale + shift.</summary>
internal sealed record LayerNormLayer(float[] Scale, float[] Shift, float Epsilon) : SnapshotLayer;

/// <summary>y = x + body(x) (the body keeps the width).</summary>
internal sealed record ResidualLayer(IReadOnlyList<SnapshotLayer> Body) : SnapshotLayer;
