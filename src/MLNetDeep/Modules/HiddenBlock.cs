using MLNetDeep.Snapshots;
using TorchSharp;
using TorchSharp.Modules;
using static MLNetDeep.Native.FloatSpans;
using static TorchSharp.torch;

namespace MLNetDeep.Modules;

/// <summary>
/// One hidden layer: Linear → normalization (optional) → activation → dropout (when the rate is above 0). A residual
/// block adds its input to that result, y = x + f(x); it needs the same input and output width.
/// </summary>
internal sealed class HiddenBlock : nn.Module<Tensor, Tensor>, IObservedBlock
{
    internal const float EluAlpha = 1f;
    internal const double NormEpsilon = 1e-5;

    private readonly Linear _linear;
    private readonly BatchNorm1d? _batchNorm;
    private readonly LayerNorm? _layerNorm;
    private readonly nn.Module<Tensor, Tensor> _activation;
    private readonly SeededDropout? _dropout;
    private readonly Activation _activationKind;

    public HiddenBlock(int inputs, int outputs, HiddenLayerSpec spec, Generator initGenerator, Generator dropoutGenerator)
        : base(nameof(HiddenBlock))
    {
        if (spec.Residual && inputs != outputs)
            throw new ArgumentException($"A residual block keeps the width, but this one maps {inputs} to {outputs} units.", nameof(spec));
        IsResidual = spec.Residual;
        _activationKind = spec.Activation;
        _linear = nn.Linear(inputs, outputs);
        WeightInitializer.Initialize(_linear, spec.Initialization, spec.Activation, initGenerator);
        _batchNorm = spec.Normalization == Normalization.BatchNorm ? nn.BatchNorm1d(outputs, NormEpsilon) : null;
        _layerNorm = spec.Normalization == Normalization.LayerNorm ? nn.LayerNorm(outputs, NormEpsilon) : null;
        _activation = NewActivation(spec.Activation);
        _dropout = spec.DropoutRate > 0 ? new SeededDropout(spec.DropoutRate, dropoutGenerator) : null;
        RegisterComponents();
    }

    /// <summary>True when the block computes x + f(x).</summary>
    public bool IsResidual { get; }

    /// <summary>The block's linear layer.</summary>
    public Linear Linear => _linear;

    /// <summary>The block's activation function.</summary>
    public Activation ActivationKind => _activationKind;

    /// <summary>The block's dropout, or null when its rate is 0.</summary>
    internal SeededDropout? Dropout => _dropout;

    /// <summary>True for Linear → activation (→ dropout): no normalization and no residual sum.</summary>
    internal bool IsPlain => _batchNorm is null && _layerNorm is null && !IsResidual;

    /// <summary>
    /// Called in training mode with the activation's output (before dropout and the residual sum) when set; null (the
    /// default) costs nothing. The layer statistics recorder sets it only while a fit records gradient statistics.
    /// </summary>
    public Action<Tensor>? ActivationObserver { get; set; }

    public override Tensor forward(Tensor input)
    {
        var x = _linear.call(input);
        if (_batchNorm is not null)
            x = NormalizeBatch(x);
        if (_layerNorm is not null)
            x = _layerNorm.call(x);
        x = _activation.call(x);
        if (ActivationObserver is { } observe && training)
            observe(x);
        if (_dropout is not null)
            x = _dropout.call(x);
        if (IsResidual)
            x = input + x;
        return x;
    }

    /// <summary>The block as export layers: the body, wrapped in a <see cref="ResidualLayer"/> for a residual block.</summary>
    public IEnumerable<SnapshotLayer> ToSnapshot()
    {
        var body = new List<SnapshotLayer> { MlpNetwork.Dense(_linear) };
        if (_batchNorm is not null)
            body.Add(new BatchNormLayer(ToFloatArray(_batchNorm.running_mean!), ToFloatArray(_batchNorm.running_var!), ToFloatArray(_batchNorm.weight!), ToFloatArray(_batchNorm.bias!), (float)NormEpsilon));
        if (_layerNorm is not null)
            body.Add(new LayerNormLayer(ToFloatArray(_layerNorm.weight!), ToFloatArray(_layerNorm.bias!), (float)NormEpsilon));
        body.Add(ActivationSnapshot(_activationKind));
        return IsResidual ? [new ResidualLayer(body)] : body;
    }

    /// <summary>Puts the weights of a block exported by <see cref="ToSnapshot"/> back (the inverse of it).</summary>
    /// <param name="layer">The block's export layers, as <see cref="ToSnapshot"/> wrote them; <paramref name="dense"/> replaces its dense layer.</param>
    /// <param name="dense">The dense layer to load (the first block's is unfolded from the input standardization first).</param>
    public void Load(IReadOnlyList<SnapshotLayer> layer, DenseLayer dense)
    {
        var body = IsResidual && layer is [ResidualLayer residual] ? residual.Body : layer;
        MlpNetwork.Load(_linear, dense);
        using var _ = no_grad();
        foreach (var part in body)
        {
            switch (part)
            {
                case BatchNormLayer b when _batchNorm is not null:
                    Copy(_batchNorm.weight!, b.Scale);
                    Copy(_batchNorm.bias!, b.Shift);
                    Copy(_batchNorm.running_mean!, b.Mean);
                    Copy(_batchNorm.running_var!, b.Variance);
                    break;
                case LayerNormLayer l when _layerNorm is not null:
                    Copy(_layerNorm.weight!, l.Scale);
                    Copy(_layerNorm.bias!, l.Shift);
                    break;
            }
        }
    }

    /// <summary>How many export layers <see cref="ToSnapshot"/> writes for this block.</summary>
    public int SnapshotLayerCount => IsResidual ? 1 : 2 + (_batchNorm is null && _layerNorm is null ? 0 : 1);

    internal static void Copy(Tensor target, float[] values) => target.copy_(tensor(values).reshape(target.shape));

    /// <summary>Batch statistics while training, except for a one-row batch (no variance), which uses the running averages.</summary>
    private Tensor NormalizeBatch(Tensor x)
    {
        if (!training || x.shape[0] > 1)
            return _batchNorm!.call(x);
        return nn.functional.batch_norm(x, _batchNorm!.running_mean!, _batchNorm.running_var!, _batchNorm.weight, _batchNorm.bias, training: false, eps: NormEpsilon);
    }

    /// <summary>The export layer of <paramref name="activation"/>, with its slope or alpha.</summary>
    internal static ActivationLayer ActivationSnapshot(Activation activation) => new(activation, activation switch
    {
        Activation.LeakyReLU => WeightInitializer.LeakyReluSlope,
        Activation.ELU => EluAlpha,
        _ => 0f,
    });

    internal static nn.Module<Tensor, Tensor> NewActivation(Activation activation) => activation switch
    {
        Activation.ReLU => nn.ReLU(),
        Activation.LeakyReLU => nn.LeakyReLU(WeightInitializer.LeakyReluSlope),
        Activation.ELU => nn.ELU(EluAlpha),
        Activation.GELU => nn.GELU(),
        Activation.SiLU => nn.SiLU(),
        Activation.Tanh => nn.Tanh(),
        Activation.Sigmoid => nn.Sigmoid(),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
    };
}

/// <summary>What one hidden layer looks like.</summary>
internal sealed record HiddenLayerSpec(Activation Activation, Normalization Normalization, WeightInitialization Initialization, double DropoutRate, bool Residual);
