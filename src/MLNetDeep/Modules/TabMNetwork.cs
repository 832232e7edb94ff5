using MLNetDeep.Data;
using MLNetDeep.Native;
using MLNetDeep.Snapshots;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNetDeep.Modules;

/// <summary>
/// TabM and TabM-mini (<see cref="Architecture"/>): k MLPs in one network. The input [batch, features] becomes
/// [batch, 1, features]; the first hidden layer's input scaling spreads it to k members, every hidden layer works on
/// [batch, k, width], and each member has its own output layer. Training mode returns every member's output
/// [batch, k, outputs] (the loss scores each); evaluation mode returns the task's combination of them
/// (<see cref="PredictionTask.CombineMembers"/>: the averaged probabilities or values).
/// </summary>
/// <remarks>
/// Parameters are drawn in the order a <see cref="MlpNetwork"/> of the same widths draws its own (hidden layers, then
/// member 0's output layer, then the other members' output layers, then the random signs), so one member with all
/// scalings at one starts as exactly that MLP.
/// </remarks>
internal sealed class TabMNetwork : TabularNetwork
{
    private readonly TorchSharp.Modules.ModuleList<EnsembleBlock> _blocks = new();
    private readonly MemberLinear _output;
    private readonly PredictionTask _task;
    private readonly int _inputSize;

    /// <param name="inputSize">The features (and missing-value indicators) the network reads.</param>
    /// <param name="hiddenSizes">The hidden widths, at least one.</param>
    /// <param name="specs">One specification per hidden layer (no batch norm, no residual).</param>
    /// <param name="task">The task: its output width and how members combine.</param>
    /// <param name="members">The members k.</param>
    /// <param name="mini">TabM-mini (a shared MLP after the first input scaling) instead of TabM.</param>
    /// <param name="initialization">How weights start.</param>
    /// <param name="initGenerator">The fit's initialization generator.</param>
    /// <param name="dropoutGenerator">The fit's dropout generator.</param>
    public TabMNetwork(int inputSize, IReadOnlyList<int> hiddenSizes, IReadOnlyList<HiddenLayerSpec> specs, PredictionTask task, int members, bool mini,
        WeightInitialization initialization, Generator initGenerator, Generator dropoutGenerator)
        : base(nameof(TabMNetwork))
    {
        if (hiddenSizes.Count == 0 || specs.Count != hiddenSizes.Count)
            throw new ArgumentException($"TabM needs at least one hidden layer and one specification per layer ({specs.Count} for {hiddenSizes.Count}).", nameof(specs));
        _inputSize = inputSize;
        _task = task;
        Members = members;
        int width = inputSize;
        for (int i = 0; i < hiddenSizes.Count; i++)
        {
            _blocks.Add(new EnsembleBlock(width, hiddenSizes[i], members, Adapters(i, mini), specs[i], initGenerator, dropoutGenerator));
            width = hiddenSizes[i];
        }
        _output = new MemberLinear(width, task.OutputSize, members, initialization, initGenerator);
        for (int i = 0; i < _blocks.Count; i++)
            _blocks[i].Linear.SetInputScale(Adapters(i, mini).InputScale, initGenerator);
        RegisterComponents();
    }

    /// <summary>The members k.</summary>
    public int Members { get; }

    public override int InputSize => _inputSize;

    public override IReadOnlyList<IObservedBlock> ObservedBlocks => [.. _blocks];

    public override IReadOnlyList<Tensor> LayerWeights => [.. _blocks.Select(b => b.Linear.Weight), _output.Weight];

    public override Tensor forward(Tensor input)
    {
        if (training)
            return MemberOutputs(input);
        using var members = MemberOutputs(input);
        return _task.CombineMembers(members);
    }

    /// <summary>Every member's output [batch, k, outputs], whatever the mode.</summary>
    public Tensor MemberOutputs(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input.unsqueeze(1);
        foreach (var block in _blocks)
            x = block.call(x);
        return _output.call(x).MoveToOuterDisposeScope();
    }

    public override NetworkSnapshot ToSnapshot(PredictionTask task, FeatureScaling inputScaling)
    {
        eval();
        var layers = new List<SnapshotLayer>();
        for (int i = 0; i < _blocks.Count; i++)
        {
            var dense = TabMFolding.Dense(_blocks[i].Linear);
            layers.AddRange(_blocks[i].ToSnapshot(i == 0 ? TabMFolding.Fold(dense, inputScaling) : dense));
        }
        layers.Add(new MemberDenseLayer((int)_output.Weight.shape[2], (int)_output.Weight.shape[1], Members,
            FloatSpans.ToFloatArray(_output.Weight), FloatSpans.ToFloatArray(_output.Bias)));
        return new NetworkSnapshot(_inputSize, layers, task);
    }

    public override void Load(NetworkSnapshot snapshot, FeatureScaling inputScaling)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        int at = 0;
        for (int i = 0; i < _blocks.Count; i++)
        {
            var layers = snapshot.Layers.Skip(at).Take(_blocks[i].SnapshotLayerCount).ToList();
            if (layers.Count == 0 || layers[0] is not EnsembleDenseLayer dense)
                throw new ArgumentException("The snapshot does not match the network's layers.", nameof(snapshot));
            TabMFolding.Load(_blocks[i].Linear, i == 0 ? TabMFolding.Unfold(dense, inputScaling) : dense);
            _blocks[i].LoadNormalization(layers);
            at += _blocks[i].SnapshotLayerCount;
        }
        if (at + 1 != snapshot.Layers.Count || snapshot.Layers[at] is not MemberDenseLayer heads || heads.Members != Members)
            throw new ArgumentException("The snapshot does not match the network's layers.", nameof(snapshot));
        using var _ = no_grad();
        HiddenBlock.Copy(_output.Weight, heads.Weight);
        HiddenBlock.Copy(_output.Bias, heads.Bias);
    }

    /// <summary>
    /// TabM: every hidden layer has r, s and a bias per member, the first r starting as random signs, the others at one.
    /// TabM-mini: only the first layer has r (random signs) and a bias per member (so that folding the input
    /// standardization into it, which makes the bias depend on rᵢ, stays exact in both directions); the rest is a shared MLP.
    /// </summary>
    private static EnsembleAdapters Adapters(int layer, bool mini) => mini
        ? new EnsembleAdapters(layer == 0 ? AdapterStart.RandomSigns : null, OutputScale: false, MemberBias: layer == 0)
        : new EnsembleAdapters(layer == 0 ? AdapterStart.RandomSigns : AdapterStart.Ones, OutputScale: true, MemberBias: true);
}
