using MLNetDeep.Data;
using MLNetDeep.Modules;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNetDeep.Training.Optimization;

/// <summary>
/// The training forward and backward pass of a plain float32 CPU <see cref="MlpNetwork"/> (Linear → ReLU → dropout
/// blocks, a linear output: the default network) written out by hand into buffers kept across steps. Autograd records
/// only the objective on the logits, so penalties that read the weights (L1) still reach their gradients through it;
/// every layer's products go into preallocated tensors (<c>addmm_</c>), ReLU and the dropout product run in place, and
/// the ReLU-and-dropout derivative is one managed pass (<see cref="ReluBackward"/>). It computes what autograd computes
/// over <c>network.call</c>, with the same dropout masks from the same generators, without autograd's per-op tensors and
/// bookkeeping (about a third of a step at the default network's shapes on the reference machine).
/// Gradients are added to the parameters' <c>grad</c> (set when it is none), as backward does.
/// </summary>
internal sealed class MlpBackprop : IDisposable
{
    private readonly MlpNetwork _network;
    private readonly IReadOnlyList<HiddenBlock> _blocks;
    private readonly Layer[] _layers;
    private readonly Tensor[] _weightGradients;
    private readonly Tensor[] _biasGradients;
    private Tensor[] _outputs = [];
    private Tensor?[] _masks = [];
    private Tensor[] _outputGradients = [];
    private long _capacity;

    private MlpBackprop(MlpNetwork network)
    {
        _network = network;
        _blocks = network.Blocks;
        _layers = [.. _blocks.Select(b => new Layer(b.Linear, b.Dropout, Relu: true)), new Layer(network.Output, null, Relu: false)];
        _weightGradients = [.. _layers.Select(l => NewBuffer(l.Linear.weight!.shape))];
        _biasGradients = [.. _layers.Select(l => NewBuffer(l.Linear.bias!.shape))];
    }

    /// <summary>The hand-written pass for <paramref name="network"/>, or null when it does not apply (another family or block, another type or device).</summary>
    public static MlpBackprop? TryCreate(TabularNetwork network)
    {
        if (network is not MlpNetwork mlp || mlp.Blocks.Any(b => !b.IsPlain || b.ActivationKind != Activation.ReLU))
            return null;
        var linears = mlp.LinearLayers;
        if (linears.Any(l => l.bias is null || !OnCpuInFloat32(l.weight!) || !OnCpuInFloat32(l.bias)))
            return null;
        return new MlpBackprop(mlp);
    }

    /// <summary>
    /// Whether this step can take the hand-written pass: the network is training, no block's activation is being observed
    /// (the training doctor's statistics need the autograd forward), and the batch is a float32 CPU matrix of the input width.
    /// </summary>
    public bool CanRun(Batch batch) =>
        _network.training && _blocks.All(b => b.ActivationObserver is null)
        && OnCpuInFloat32(batch.Features) && batch.Features.dim() == 2 && batch.Features.shape[1] == _network.InputSize;

    /// <summary>
    /// Forward, objective and backward for one batch, adding the gradient of the objective (times <paramref name="weight"/>
    /// when given) to the parameters'. Returns the batch's objective (unweighted), read back once.
    /// </summary>
    public double Backward(Batch batch, ITrainingObjective objective, double? weight)
    {
        var features = batch.Features.is_contiguous() ? batch.Features : batch.Features.contiguous();
        long rows = features.shape[0];
        Reserve(rows);
        var outputs = new Tensor[_layers.Length];
        var masks = new Tensor?[_layers.Length];
        using (no_grad())
        {
            var input = features;
            for (int i = 0; i < _layers.Length; i++)
            {
                var layer = _layers[i];
                var output = outputs[i] = _outputs[i].narrow(0, 0, rows);
                output.copy_(layer.Linear.bias!.expand(rows, -1));
                output.addmm_(input, layer.Linear.weight!.t());
                if (layer.Relu)
                {
                    output.relu_();
                    if (layer.Dropout is { } dropout)
                    {
                        var mask = masks[i] = _masks[i]!.narrow(0, 0, rows);
                        dropout.FillMask(mask);
                        output.mul_(mask);
                    }
                }
                input = output;
            }
        }

        using var logits = outputs[^1].detach().requires_grad_(true);
        var loss = objective.Loss(logits, batch);
        (weight is { } w ? loss * w : loss).backward();
        double value = loss.item<float>();

        using (no_grad())
        {
            var gradient = logits.grad ?? throw new InvalidOperationException("The objective does not depend on the network's output.");
            for (int i = _layers.Length - 1; i >= 0; i--)
            {
                var linear = _layers[i].Linear;
                var input = i == 0 ? features : outputs[i - 1];
                var g = gradient;
                Accumulate(linear.weight!, _weightGradients[i], (target, beta) => target.addmm_(g.t(), input, beta, 1));
                using (var sum = gradient.sum(dim: 0L))
                    Accumulate(linear.bias!, _biasGradients[i], (target, beta) => _ = beta == 0 ? target.copy_(sum) : target.add_(sum));
                if (i == 0)
                    break;
                var previous = _outputGradients[i - 1].narrow(0, 0, rows);
                previous.addmm_(gradient, linear.weight!, beta: 0, alpha: 1);
                ReluBackward.Apply(previous, outputs[i - 1], masks[i - 1]);
                gradient = previous;
            }
        }
        return value;
    }

    /// <summary>Adds a gradient to <paramref name="parameter"/>'s: into its own when it has one, else into <paramref name="buffer"/>, which becomes it.</summary>
    private static void Accumulate(Parameter parameter, Tensor buffer, Action<Tensor, float> write)
    {
        using var existing = parameter.grad;
        if (existing is not null)
        {
            write(existing, 1);
            return;
        }
        write(buffer, 0);
        parameter.grad = buffer;
    }

    /// <summary>Makes the per-row buffers hold at least <paramref name="rows"/> rows.</summary>
    private void Reserve(long rows)
    {
        if (rows <= _capacity)
            return;
        DisposeBuffers();
        _capacity = rows;
        _outputs = [.. _layers.Select(l => NewBuffer([rows, l.Linear.out_features]))];
        _masks = [.. _layers.Select(l => l.Dropout is null ? null : NewBuffer([rows, l.Linear.out_features]))];
        _outputGradients = [.. _layers.Take(_layers.Length - 1).Select(l => NewBuffer([rows, l.Linear.out_features]))];
    }

    /// <summary>A float32 CPU tensor owned by this object, not by the dispose scope it is made in.</summary>
    private static Tensor NewBuffer(long[] shape)
    {
        var buffer = empty(shape, ScalarType.Float32, device: CPU);
        buffer.DetachFromDisposeScope();
        return buffer;
    }

    private static bool OnCpuInFloat32(Tensor t) => t.device_type == DeviceType.CPU && t.dtype == ScalarType.Float32;

    private void DisposeBuffers()
    {
        foreach (var t in _outputs.Concat(_outputGradients).Concat(_masks.OfType<Tensor>()))
            t.Dispose();
    }

    public void Dispose()
    {
        DisposeBuffers();
        foreach (var t in _weightGradients.Concat(_biasGradients))
            t.Dispose();
    }

    private sealed record Layer(Linear Linear, SeededDropout? Dropout, bool Relu);
}
