using MLNetDeep.Native;
using TorchSharp;
using TorchSharp.Modules;
using static MLNetDeep.Native.FloatSpans;
using static TorchSharp.torch;

namespace MLNetDeep.Embeddings;

/// <summary>
/// The network's input embedding (<see cref="EmbeddingPlan"/>): on standardized inputs [batch, InputSize], it encodes the
/// numeric inputs (as they are, piecewise-linear or periodic) and looks up each key column's vector (row 0 of a table is
/// the unknown key: a key of 0, below 0 or above the column's count), then concatenates them, numeric first. While
/// training it replaces a share of the keys with the unknown key. The input may stay float32 under mixed precision: key
/// values are read from it before the numeric part is cast to the parameters' type.
/// </summary>
internal sealed class FeatureEmbedding : nn.Module<Tensor, Tensor>
{
    private readonly ParameterList tables = new();
    private readonly Parameter? frequencies;
    private readonly Parameter? periodic_weight;
    private readonly Parameter? periodic_bias;
    private readonly Generator _keyGenerator;
    private Tensor? _left;
    private Tensor? _width;

    /// <param name="plan">What to embed.</param>
    /// <param name="initGenerator">Draws the starting parameters.</param>
    /// <param name="keyGenerator">Draws which training keys become unknown (the dropout generator, on the training device).</param>
    public FeatureEmbedding(EmbeddingPlan plan, Generator initGenerator, Generator keyGenerator) : base(nameof(FeatureEmbedding))
    {
        Plan = plan;
        _keyGenerator = keyGenerator;
        using (no_grad())
        {
            for (int j = 0; j < plan.CategoricalCount; j++)
            {
                double bound = 1 / Math.Sqrt(plan.Dimensions[j]);
                tables.Add(new Parameter(empty(plan.Cardinalities[j] + 1, plan.Dimensions[j]).uniform_(-bound, bound, initGenerator)));
            }
            if (plan.Numerical == NumericalEmbedding.Periodic)
            {
                int n = plan.NumericCount, k = plan.Frequencies;
                frequencies = new Parameter(empty(n, k).normal_(0, plan.Sigma, initGenerator));
                double bound = 1 / Math.Sqrt(2 * k);
                periodic_weight = new Parameter(empty(n, 2 * k, plan.Dimension).uniform_(-bound, bound, initGenerator));
                periodic_bias = new Parameter(empty(n, plan.Dimension).uniform_(-bound, bound, initGenerator));
            }
        }
        RegisterComponents();
    }

    /// <summary>What the module embeds.</summary>
    public EmbeddingPlan Plan { get; }

    /// <summary>The key columns' tables [keys + 1, width], row 0 the unknown key.</summary>
    public IReadOnlyList<Parameter> Tables => [.. tables];

    public override Tensor forward(Tensor input)
    {
        var plan = Plan;
        ScalarType dtype = tables.Count > 0 ? tables[0].dtype : frequencies?.dtype ?? input.dtype;
        var parts = new List<Tensor>();
        if (plan.NumericCount > 0)
            parts.Add(EncodeNumeric(Numeric(input).to(dtype)));
        for (int j = 0; j < plan.CategoricalCount; j++)
        {
            using var keys = Keys(input.select(1, plan.CategoricalStart + j), plan.Cardinalities[j]);
            parts.Add(tables[j].index_select(0, keys));
        }
        return parts.Count == 1 ? parts[0] : cat(parts, 1);
    }

    /// <summary>The numeric input slots: before and after the key values.</summary>
    private Tensor Numeric(Tensor input)
    {
        var plan = Plan;
        if (plan.CategoricalCount == 0)
            return input;
        int after = plan.InputSize - plan.CategoricalStart - plan.CategoricalCount;
        if (after == 0)
            return input.narrow(1, 0, plan.CategoricalStart);
        if (plan.CategoricalStart == 0)
            return input.narrow(1, plan.CategoricalCount, after);
        return cat([input.narrow(1, 0, plan.CategoricalStart), input.narrow(1, plan.CategoricalStart + plan.CategoricalCount, after)], 1);
    }

    private Tensor EncodeNumeric(Tensor x)
    {
        var plan = Plan;
        long batch = x.shape[0];
        switch (plan.Numerical)
        {
            case NumericalEmbedding.PiecewiseLinear:
                EnsureBins(x.device);
                using (var shifted = x.unsqueeze(2).to(ScalarType.Float32) - _left!)
                    return (shifted / _width!).ClampInPlace(0, 1).reshape(batch, plan.NumericWidth).to(x.dtype);
            case NumericalEmbedding.Periodic:
                using (var angles = (x.unsqueeze(2) * frequencies!).Times(2 * Math.PI))
                using (var features = cat([angles.sin(), angles.cos()], 2))
                using (var byInput = features.transpose(0, 1))
                using (var mapped = byInput.matmul(periodic_weight!) + periodic_bias!.unsqueeze(1))
                    return mapped.relu_().transpose(0, 1).reshape(batch, plan.NumericWidth);
            default:
                return x.alias();
        }
    }

    /// <summary>Row indices into a table of <paramref name="count"/> keys + 1: the key, or 0 (unknown) out of range and for the training share.</summary>
    private Tensor Keys(Tensor values, int count)
    {
        var keys = values.to(ScalarType.Int64).ClampInPlace(0, count + 1).RemainderInPlace(count + 1);
        if (training && Plan.UnknownKeyRate > 0)
        {
            using var draw = rand(keys.shape, ScalarType.Float32, keys.device, generator: _keyGenerator);
            using var unknown = draw.LessThan(Plan.UnknownKeyRate);
            keys.FillWhereInPlace(unknown, 0);
        }
        return keys;
    }

    /// <summary>The bins' edges as float32 tensors on <paramref name="device"/> (made once; not parameters, so a half copy keeps them exact).</summary>
    private void EnsureBins(Device device)
    {
        if (_left is not null && _left.device_type == device.type && _left.device_index == device.index)
            return;
        _left?.Dispose();
        _width?.Dispose();
        var plan = Plan;
        _left = tensor(plan.BinLeft, [plan.NumericCount, plan.Bins], device: device).DetachFromDisposeScope();
        _width = tensor(plan.BinWidth, [plan.NumericCount, plan.Bins], device: device).DetachFromDisposeScope();
    }

    /// <summary>The trained parameters as plain arrays.</summary>
    public EmbeddingSnapshot ToSnapshot() => new(
        Plan, [.. tables.Select(ToFloatArray)], frequencies is null ? null : ToFloatArray(frequencies),
        periodic_weight is null ? null : ToFloatArray(periodic_weight), periodic_bias is null ? null : ToFloatArray(periodic_bias));

    /// <summary>Puts trained parameters back (warm start); the plan must be the snapshot's.</summary>
    public void Load(EmbeddingSnapshot snapshot)
    {
        using var _ = no_grad();
        for (int j = 0; j < tables.Count; j++)
            Copy(tables[j], snapshot.Tables[j]);
        if (frequencies is not null)
        {
            Copy(frequencies, snapshot.Frequencies!);
            Copy(periodic_weight!, snapshot.PeriodicWeight!);
            Copy(periodic_bias!, snapshot.PeriodicBias!);
        }
    }

    private static void Copy(Tensor target, float[] values)
    {
        using var source = tensor(values, target.shape, device: target.device, dtype: target.dtype);
        target.copy_(source);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _left?.Dispose();
            _width?.Dispose();
        }
        base.Dispose(disposing);
    }
}
