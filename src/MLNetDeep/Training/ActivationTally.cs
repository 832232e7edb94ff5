using MLNetDeep.Native;
using static MLNetDeep.Native.FloatSpans;
using static TorchSharp.torch;

namespace MLNetDeep.Training;

/// <summary>
/// Sums over one optimizer step's forward passes of one hidden layer's activations: their mean and standard deviation
/// and, for ReLU, which units were ever above 0. A contiguous float32 CPU batch is summed by managed passes in double
/// (<see cref="FloatMoments"/>); any other is reduced on the device (in its own precision) and read back once.
/// </summary>
/// <param name="countDead">Whether to track dead units (ReLU layers).</param>
internal sealed class ActivationTally(bool countDead)
{
    private double _count, _sum, _sumOfSquares;
    private bool[]? _everActive;

    /// <summary>The mean over every observed value, or null when nothing was observed.</summary>
    public double? Mean => _count > 0 ? _sum / _count : null;

    /// <summary>The population standard deviation of the observed values, or null when nothing was observed.</summary>
    public double? StandardDeviation => _count > 0 ? Math.Sqrt(Math.Max(0, (_sumOfSquares / _count) - Math.Pow(_sum / _count, 2))) : null;

    /// <summary>The fraction of units never above 0, or null when not tracked or nothing was observed.</summary>
    public double? DeadFraction => _everActive is { Length: > 0 } active ? active.Count(a => !a) / (double)active.Length : null;

    public void Clear()
    {
        _count = _sum = _sumOfSquares = 0;
        _everActive = null;
    }

    /// <summary>Adds one batch's activations, [rows, units].</summary>
    public void Observe(Tensor activations)
    {
        if (activations.numel() == 0)
            return;
        if (CanSpan(activations))
        {
            using var batch = activations.detach();
            var elements = Floats(batch);
            var moments = FloatMoments.Sums(elements);
            _count += elements.Length;
            _sum += moments.Sum;
            _sumOfSquares += moments.SumOfSquares;
            if (countDead)
                FloatMoments.MarkAboveZero(elements, _everActive ??= new bool[elements.Length / batch.shape[0]]);
            return;
        }
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var x = activations.detach();
        // One read-back: the sum, the sum of squares and, for ReLU, each unit's "ever above 0" flag as 0 or 1.
        var sums = stack([x.sum(), x.square().sum()]);
        // A TabM activation [batch, members, width] has a unit per member and width.
        var parts = countDead ? cat([sums, x.amax(0).flatten().GreaterThan(0).to_type(x.dtype)]) : sums;
        float[] values = ToFloatArray(parts);
        _count += x.numel();
        _sum += values[0];
        _sumOfSquares += values[1];
        if (!countDead)
            return;
        _everActive ??= new bool[values.Length - 2];
        for (int i = 0; i < _everActive.Length; i++)
            _everActive[i] |= values[i + 2] > 0;
    }
}
