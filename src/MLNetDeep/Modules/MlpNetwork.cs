using MLNetDeep.Data;
using MLNetDeep.Native;
using MLNetDeep.Snapshots;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNetDeep.Modules;

/// <summary>
/// The multilayer perceptron: one <see cref="HiddenBlock"/> per hidden width (linear layer, optional normalization,
/// activation, dropout; residual where the options ask for it and the width does not change), then a linear output
/// layer with one unit per logit (or one for regression).
/// </summary>
internal sealed class MlpNetwork : TabularNetwork
{
    private readonly ModuleList<HiddenBlock> _blocks = new();
    private readonly Linear _output;
    private readonly int _inputSize;

    public MlpNetwork(int inputSize, IReadOnlyList<int> hiddenSizes, IReadOnlyList<HiddenLayerSpec> specs, int outputSize, WeightInitialization initialization, Generator initGenerator, Generator dropoutGenerator)
        : base(nameof(MlpNetwork))
    {
        if (specs.Count != hiddenSizes.Count)
            throw new ArgumentException($"{specs.Count} layer specifications for {hiddenSizes.Count} hidden layers.", nameof(specs));
        _inputSize = inputSize;
        int width = inputSize;
        for (int i = 0; i < hiddenSizes.Count; i++)
        {
            _blocks.Add(new HiddenBlock(width, hiddenSizes[i], specs[i], initGenerator, dropoutGenerator));
            width = hiddenSizes[i];
        }
        _output = nn.Linear(width, outputSize);
        WeightInitializer.Initialize(_output, initialization, null, initGenerator);
        RegisterComponents();
    }

    /// <summary>The hidden blocks, input side first.</summary>
    public IReadOnlyList<HiddenBlock> Blocks => [.. _blocks];

    /// <summary>The output layer.</summary>
    public Linear Output => _output;

    /// <summary>Every linear layer, input side first (the output layer last).</summary>
    public IReadOnlyList<Linear> LinearLayers => [.. _blocks.Select(b => b.Linear), _output];

    public override int InputSize => _inputSize;

    public override IReadOnlyList<IObservedBlock> ObservedBlocks => [.. _blocks];

    public override IReadOnlyList<Tensor> LayerWeights => [.. LinearLayers.Select(l => (Tensor)l.weight!)];

    public override Tensor forward(Tensor input)
    {
        var x = input;
        foreach (var block in _blocks)
            x = block.call(x);
        return _output.call(x);
    }

    /// <summary>
    /// The weights as plain arrays for export, in inference form (switches the network to <c>eval()</c>): batch norm
    /// with its running averages; dropout is identity at inference and is left out.
    /// </summary>
    /// <param name="task">What the outputs mean.</param>
    /// <param name="inputScaling">The standardization the training data went through, folded into the first layer.</param>
    public override NetworkSnapshot ToSnapshot(PredictionTask task, FeatureScaling inputScaling)
    {
        eval();
        var layers = new List<SnapshotLayer>();
        foreach (var block in _blocks)
            layers.AddRange(block.ToSnapshot());
        layers.Add(Dense(_output));
        if (layers[0] is not DenseLayer first)
            throw new InvalidOperationException("The first hidden layer must not be a residual block: the input standardization is folded into it.");
        layers[0] = FoldScaling(first, inputScaling);
        return new NetworkSnapshot(_inputSize, layers, task);
    }

    /// <summary>
    /// Puts a trained network's weights back (warm start): the inverse of <see cref="ToSnapshot"/>, with the first
    /// layer unfolded from its raw-feature form into <paramref name="inputScaling"/>, the standardization of the data
    /// training continues on, so the network computes the same function on the raw features.
    /// </summary>
    public override void Load(NetworkSnapshot snapshot, FeatureScaling inputScaling)
    {
        int at = 0;
        foreach (var block in _blocks)
        {
            var layers = snapshot.Layers.Skip(at).Take(block.SnapshotLayerCount).ToList();
            var dense = layers[0] as DenseLayer ?? (layers[0] as ResidualLayer)?.Body[0] as DenseLayer
                ?? throw new ArgumentException("The snapshot does not match the network's layers.", nameof(snapshot));
            block.Load(layers, at == 0 ? Unfold(dense, inputScaling) : dense);
            at += block.SnapshotLayerCount;
        }
        if (snapshot.Layers[at] is not DenseLayer output || at + 1 != snapshot.Layers.Count)
            throw new ArgumentException("The snapshot does not match the network's layers.", nameof(snapshot));
        Load(_output, at == 0 ? Unfold(output, inputScaling) : output);
    }

    internal static void Load(Linear linear, DenseLayer dense)
    {
        using var _ = no_grad();
        HiddenBlock.Copy(linear.weight!, dense.Weight);
        HiddenBlock.Copy(linear.bias!, dense.Bias);
    }

    internal static DenseLayer Dense(Linear linear) => new(
        (int)linear.in_features, (int)linear.out_features, FloatSpans.ToFloatArray(linear.weight!), FloatSpans.ToFloatArray(linear.bias!));

    /// <summary>The inverse of <see cref="FoldScaling"/>: W_f·x + b_f = (W_f·s)·((x − m)/s) + (b_f + W_f·m).</summary>
    private static DenseLayer Unfold(DenseLayer folded, FeatureScaling scaling)
    {
        var weight = (float[])folded.Weight.Clone();
        var bias = (float[])folded.Bias.Clone();
        for (int o = 0; o < folded.Outputs; o++)
        {
            double shift = 0;
            for (int i = 0; i < folded.Inputs; i++)
            {
                int k = (o * folded.Inputs) + i;
                shift += (double)folded.Weight[k] * scaling.Mean[i];
                weight[k] = folded.Weight[k] * scaling.Scale[i];
            }
            bias[o] = (float)(folded.Bias[o] + shift);
        }
        return folded with { Weight = weight, Bias = bias };
    }

    /// <summary>W·((x − m)/s) + b = (W/s)·x + (b − W·(m/s)).</summary>
    private static DenseLayer FoldScaling(DenseLayer first, FeatureScaling scaling)
    {
        var weight = (float[])first.Weight.Clone();
        var bias = (float[])first.Bias.Clone();
        for (int o = 0; o < first.Outputs; o++)
        {
            double shift = 0;
            for (int i = 0; i < first.Inputs; i++)
            {
                int k = (o * first.Inputs) + i;
                shift += (double)first.Weight[k] * scaling.Mean[i] / scaling.Scale[i];
                weight[k] = first.Weight[k] / scaling.Scale[i];
            }
            bias[o] = (float)(first.Bias[o] - shift);
        }
        return first with { Weight = weight, Bias = bias };
    }
}
