using MLNetDeep.Data;
using MLNetDeep.Modules;
using MLNetDeep.Native;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNetDeep.Training.Optimization;

/// <summary>
/// The training forward and backward pass of a plain float32 CPU <see cref="MlpNetwork"/> (Linear → ReLU → dropout
/// blocks, a linear output: the default network) written out by hand into buffers kept across steps. The plain task
/// objective and its gradient on the logits are one managed pass (<see cref="LogitGradient"/>); any other objective (L1,
/// mixup) runs through autograd on the logits alone, so penalties that read the weights still reach their gradients.
/// Every layer's products go into preallocated tensors (<c>addmm_</c>); a hidden layer's bias, ReLU and the dropout product
/// are then one managed pass, as is their derivative (<see cref="ReluDropout"/>); the output layer's product starts from
/// its bias in every row; the bias rows and the bias gradients' column sums (<see cref="BiasRows"/>) are managed passes. It computes what autograd computes
/// over <c>network.call</c>, with the same dropout masks from the same generators, without autograd's per-op tensors and
/// bookkeeping, which cost most at small batches and widths (small tables).
/// Gradients are added to the parameters' <c>grad</c>, as backward does; where it is none, it becomes one of the pass's own
/// buffers, the same tensor every step (a callback that keeps a gradient past its step should clone it).
/// </summary>
internal sealed class MlpBackprop : IDisposable
{
    private readonly MlpNetwork _network;
    private readonly IReadOnlyList<HiddenBlock> _blocks;
    private readonly Layer[] _layers;
    private readonly Tensor[] _weightGradients;
    private readonly Tensor[] _biasGradients;
    private readonly long _widest;
    private Tensor[] _outputs = [];
    private Tensor?[] _masks = [];
    private Tensor[] _outputGradients = [];
    private Tensor? _logitGradients;
    private long _capacity;
    private ITrainingObjective? _objective;
    private LogitGradient? _managedObjective;

    private MlpBackprop(MlpNetwork network)
    {
        _network = network;
        _blocks = network.Blocks;
        _layers = [.. _blocks.Select(b => new Layer(b.Linear, b.Dropout, Relu: true)), new Layer(network.Output, null, Relu: false)];
        _widest = _layers.Max(l => l.Linear.out_features);
        _weightGradients = [.. _layers.Select(l => FloatSpans.NewBuffer(l.Linear.weight!.shape))];
        _biasGradients = [.. _layers.Select(l => FloatSpans.NewBuffer(l.Linear.bias!.shape))];
    }

    /// <summary>The hand-written pass for <paramref name="network"/>, or null when it does not apply (another family or block, another type or device).</summary>
    public static MlpBackprop? TryCreate(TabularNetwork network)
    {
        if (network is not MlpNetwork mlp || mlp.Blocks.Any(b => !b.IsPlain || b.ActivationKind != Activation.ReLU))
            return null;
        var linears = mlp.LinearLayers;
        if (linears.Any(l => l.bias is null || !OnCpuInFloat32(l.weight!) || !OnCpuInFloat32(l.bias) || !l.bias.is_contiguous()))
            return null;
        return new MlpBackprop(mlp);
    }

    /// <summary>
    /// Whether this step can take the hand-written pass: the network is training, and the batch is a non-empty float32 CPU
    /// matrix of the input width whose widest layer output fits the managed passes' spans.
    /// </summary>
    public bool CanRun(Batch batch) =>
        _network.training
        && OnCpuInFloat32(batch.Features) && batch.Features.dim() == 2 && batch.Features.shape[1] == _network.InputSize
        && batch.Features.shape[0] > 0 && batch.Features.shape[0] * _widest <= int.MaxValue / sizeof(float);

    /// <summary>Adds each step's time per part to these totals when set (a benchmark's breakdown); null by default.</summary>
    public PassPhases? Phases { get; set; }

    /// <summary>
    /// Forward, objective and backward for one batch, adding the gradient of the objective (times <paramref name="weight"/>
    /// when given) to the parameters'. Returns the batch's objective (unweighted), read back once.
    /// </summary>
    public double Backward(Batch batch, ITrainingObjective objective, double? weight)
    {
        var features = batch.Features.is_contiguous() ? batch.Features : batch.Features.contiguous();
        long rows = features.shape[0];
        Reserve(rows);
        var phases = Phases;
        phases?.Start();
        var outputs = new Tensor[_layers.Length];
        var masks = new Tensor?[_layers.Length];
        using (no_grad())
        {
            var input = features;
            for (int i = 0; i < _layers.Length; i++)
            {
                var layer = _layers[i];
                var output = outputs[i] = _outputs[i].narrow(0, 0, rows);
                var bias = layer.Linear.bias!;
                if (!layer.Relu)
                {
                    BiasRows.Broadcast(bias, output);
                    phases?.Lap(PassPhase.BiasRows);
                }
                // A hidden layer's bias is added in its activation's pass below, so its product ignores the buffer (beta 0).
                output.addmm_(input, layer.Linear.weight!.t(), beta: layer.Relu ? 0 : 1, alpha: 1);
                phases?.Lap(PassPhase.ForwardProducts);
                if (layer.Relu)
                {
                    if (layer.Dropout is { } dropout)
                        dropout.FillMask(masks[i] = _masks[i]!.narrow(0, 0, rows));
                    phases?.Lap(PassPhase.DropoutMasks);
                    if (_blocks[i].ActivationObserver is { } observe)
                    {
                        // The observer sees the activation before dropout, as in the block's own forward; the split
                        // gives the same values as the fused pass.
                        ReluDropout.Forward(output, bias, null);
                        observe(output);
                        if (masks[i] is { } mask)
                            ReluDropout.Forward(output, mask);
                    }
                    else
                    {
                        ReluDropout.Forward(output, bias, masks[i]);
                    }
                    phases?.Lap(PassPhase.Activations);
                }
                input = output;
            }
        }

        var (value, gradient) = Objective(objective, outputs[^1], batch, weight);
        phases?.Lap(PassPhase.Objective);
        using (no_grad())
        {
            for (int i = _layers.Length - 1; i >= 0; i--)
            {
                var linear = _layers[i].Linear;
                var input = i == 0 ? features : outputs[i - 1];
                var g = gradient;
                ParameterGradients.Add(linear.weight!, _weightGradients[i], (target, beta) => target.addmm_(g.t(), input, beta, 1));
                phases?.Lap(PassPhase.WeightGradientProducts);
                ParameterGradients.AddColumnSums(linear.bias!, _biasGradients[i], gradient);
                phases?.Lap(PassPhase.BiasGradients);
                if (i == 0)
                    break;
                var previous = _outputGradients[i - 1].narrow(0, 0, rows);
                previous.addmm_(gradient, linear.weight!, beta: 0, alpha: 1);
                phases?.Lap(PassPhase.InputGradientProducts);
                ReluDropout.Backward(previous, outputs[i - 1], masks[i - 1]);
                phases?.Lap(PassPhase.ActivationDerivatives);
                gradient = previous;
            }
        }
        return value;
    }

    /// <summary>
    /// The objective and its gradient with respect to the logits: computed in managed code for the plain task objective
    /// (<see cref="LogitGradient"/>), else by autograd over the objective on the logits (which also adds the gradient of
    /// any penalty that reads the weights to theirs).
    /// </summary>
    private (double Value, Tensor Gradient) Objective(ITrainingObjective objective, Tensor logits, Batch batch, double? weight)
    {
        if (!ReferenceEquals(objective, _objective))
        {
            _objective = objective;
            _managedObjective = LogitGradient.TryCreate(objective);
        }
        if (_managedObjective is not null && LogitGradient.Applies(batch))
        {
            var gradient = _logitGradients!.narrow(0, 0, logits.shape[0]);
            if (_managedObjective.Compute(logits, batch, weight ?? 1, gradient) is { } managed)
                return (managed, gradient);
            _managedObjective = null;   // the task has no managed row loss
        }

        var leaf = logits.detach().requires_grad_(true);
        var loss = objective.Loss(leaf, batch);
        (weight is { } w ? loss.Times(w) : loss).backward();
        double value = loss.item<float>();
        return (value, leaf.grad ?? throw new InvalidOperationException("The objective does not depend on the network's output."));
    }

    /// <summary>Makes the per-row buffers hold at least <paramref name="rows"/> rows.</summary>
    private void Reserve(long rows)
    {
        if (rows <= _capacity)
            return;
        DisposeBuffers();
        _capacity = rows;
        _outputs = [.. _layers.Select(l => FloatSpans.NewBuffer([rows, l.Linear.out_features]))];
        _masks = [.. _layers.Select(l => l.Dropout is null ? null : FloatSpans.NewBuffer([rows, l.Linear.out_features]))];
        _outputGradients = [.. _layers.Take(_layers.Length - 1).Select(l => FloatSpans.NewBuffer([rows, l.Linear.out_features]))];
        _logitGradients = FloatSpans.NewBuffer([rows, _layers[^1].Linear.out_features]);
    }

    private static bool OnCpuInFloat32(Tensor t) => t.device_type == DeviceType.CPU && t.dtype == ScalarType.Float32;

    private void DisposeBuffers()
    {
        foreach (var t in _outputs.Concat(_outputGradients).Concat(_masks.OfType<Tensor>()))
            t.Dispose();
        _logitGradients?.Dispose();
    }

    public void Dispose()
    {
        DisposeBuffers();
        foreach (var t in _weightGradients.Concat(_biasGradients))
            t.Dispose();
    }

    private sealed record Layer(Linear Linear, SeededDropout? Dropout, bool Relu);
}
