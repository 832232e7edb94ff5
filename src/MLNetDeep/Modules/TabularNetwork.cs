using MLNetDeep.Data;
using MLNetDeep.Snapshots;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNetDeep.Modules;

/// <summary>
/// What training, export and instrumentation need of every network family (<see cref="MlpNetwork"/>,
/// <see cref="TabMNetwork"/>): its export form, the inverse for a warm start, its weight matrices and its hidden blocks.
/// In training mode a network may return [batch, members, outputs] (every member's output, each scored by the loss); in
/// evaluation mode it returns [batch, outputs], the members already combined.
/// </summary>
internal abstract class TabularNetwork : nn.Module<Tensor, Tensor>
{
    protected TabularNetwork(string name) : base(name)
    {
    }

    /// <summary>The values the network reads per row (features and missing-value indicators).</summary>
    public abstract int InputSize { get; }

    /// <summary>The input embedding's plan, or null when the first layer reads the inputs.</summary>
    public virtual Embeddings.EmbeddingPlan? EmbeddingPlan => null;

    /// <summary>The hidden blocks, input side first (for activation statistics).</summary>
    public abstract IReadOnlyList<IObservedBlock> ObservedBlocks { get; }

    /// <summary>Every weight matrix, input side first (the output layer's last); for gradient statistics.</summary>
    public abstract IReadOnlyList<Tensor> LayerWeights { get; }

    /// <summary>
    /// The weights as plain arrays for export, in inference form (switches the network to <c>eval()</c>), with the input
    /// standardization <paramref name="inputScaling"/> folded into the first layer.
    /// </summary>
    public abstract NetworkSnapshot ToSnapshot(PredictionTask task, FeatureScaling inputScaling);

    /// <summary>Puts a trained network's weights back (warm start): the inverse of <see cref="ToSnapshot"/> for data standardized by <paramref name="inputScaling"/>.</summary>
    public abstract void Load(NetworkSnapshot snapshot, FeatureScaling inputScaling);
}

/// <summary>A hidden block whose activation output can be watched while training.</summary>
internal interface IObservedBlock
{
    /// <summary>The block's activation function.</summary>
    Activation ActivationKind { get; }

    /// <summary>Called in training mode with the activation's output when set; null costs nothing.</summary>
    Action<Tensor>? ActivationObserver { get; set; }
}
