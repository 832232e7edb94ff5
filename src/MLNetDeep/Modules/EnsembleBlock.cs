using MLNetDeep.Native;
using MLNetDeep.Snapshots;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNetDeep.Modules;

/// <summary>
/// One hidden layer of a <see cref="TabMNetwork"/> on [batch, members, width] values: <see cref="EnsembleLinear"/> →
/// layer normalization (optional, shared by the members) → activation → dropout.
/// </summary>
internal sealed class EnsembleBlock : nn.Module<Tensor, Tensor>, IObservedBlock
{
    private readonly EnsembleLinear _linear;
    private readonly LayerNorm? _layerNorm;
    private readonly nn.Module<Tensor, Tensor> _activation;
    private readonly SeededDropout? _dropout;

    public EnsembleBlock(int inputs, int outputs, int members, EnsembleAdapters adapters, HiddenLayerSpec spec, Generator initGenerator, Generator dropoutGenerator)
        : base(nameof(EnsembleBlock))
    {
        if (spec.Normalization == Normalization.BatchNorm || spec.Residual)
            throw new ArgumentException("A TabM block takes neither batch normalization nor a residual connection.", nameof(spec));
        ActivationKind = spec.Activation;
        _linear = new EnsembleLinear(inputs, outputs, members, adapters, spec.Initialization, spec.Activation, initGenerator);
        _layerNorm = spec.Normalization == Normalization.LayerNorm ? nn.LayerNorm(outputs, HiddenBlock.NormEpsilon) : null;
        _activation = HiddenBlock.NewActivation(spec.Activation);
        _dropout = spec.DropoutRate > 0 ? new SeededDropout(spec.DropoutRate, dropoutGenerator) : null;
        RegisterComponents();
    }

    public Activation ActivationKind { get; }

    public Action<Tensor>? ActivationObserver { get; set; }

    /// <summary>The block's ensemble linear layer.</summary>
    public EnsembleLinear Linear => _linear;

    public override Tensor forward(Tensor input)
    {
        var x = _linear.call(input);
        if (_layerNorm is not null)
            x = _layerNorm.call(x);
        x = _activation.call(x);
        if (ActivationObserver is { } observe && training)
            observe(x);
        if (_dropout is not null)
            x = _dropout.call(x);
        return x;
    }

    /// <summary>The block as export layers: the ensemble dense layer (as <paramref name="dense"/> gives it), layer norm, activation.</summary>
    public IEnumerable<SnapshotLayer> ToSnapshot(EnsembleDenseLayer dense)
    {
        yield return dense;
        if (_layerNorm is not null)
            yield return new LayerNormLayer(FloatSpans.ToFloatArray(_layerNorm.weight!), FloatSpans.ToFloatArray(_layerNorm.bias!), (float)HiddenBlock.NormEpsilon);
        yield return HiddenBlock.ActivationSnapshot(ActivationKind);
    }

    /// <summary>How many export layers <see cref="ToSnapshot"/> writes.</summary>
    public int SnapshotLayerCount => _layerNorm is null ? 2 : 3;

    /// <summary>Puts the layer norm's weights back from the block's export layers.</summary>
    public void LoadNormalization(IEnumerable<SnapshotLayer> layers)
    {
        if (_layerNorm is null || layers.OfType<LayerNormLayer>().FirstOrDefault() is not { } ln)
            return;
        using var _ = no_grad();
        HiddenBlock.Copy(_layerNorm.weight!, ln.Scale);
        HiddenBlock.Copy(_layerNorm.bias!, ln.Shift);
    }
}
