namespace MLNetDeep.Onnx;

/// <summary>
/// A trained network as plain arrays, independent of TorchSharp: what the ONNX exporter writes and what the
/// in-memory reference forward pass reads. Layers run in order on a row vector.
/// </summary>
internal sealed record NetworkSnapshot(int InputSize, IReadOnlyList<SnapshotLayer> Layers, NetworkHead Head);

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

/// <summary>What the last layer's outputs mean.</summary>
internal abstract record NetworkHead;

/// <summary>One logit: Score = logit, Probability = sigmoid(logit), PredictedLabel = logit &gt; 0.</summary>
internal sealed record BinaryHead : NetworkHead;

/// <summary><paramref name="ClassCount"/> logits: Score = softmax(logits), PredictedLabel = argmax.</summary>
internal sealed record MulticlassHead(int ClassCount) : NetworkHead;

/// <summary>One output in standardized label units: Score = output · <paramref name="LabelScale"/> + <paramref name="LabelOffset"/>.</summary>
internal sealed record RegressionHead(float LabelOffset, float LabelScale) : NetworkHead;
