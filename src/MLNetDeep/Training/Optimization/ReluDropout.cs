using System.Numerics;
using System.Runtime.InteropServices;
using static MLNetDeep.Native.FloatSpans;
using static TorchSharp.torch;

namespace MLNetDeep.Training.Optimization;

/// <summary>
/// ReLU followed by dropout and its derivative, each one managed pass over contiguous float32 CPU memory (no libtorch
/// call, so no worker-thread wake-up for arrays this small). Forward: an element at or below 0 becomes 0, any other its
/// value times the mask (0 or 1/keep). Backward: an element of the gradient of the block's output becomes 0 where the
/// output is at or below 0 and passes, times the mask, elsewhere; where dropout kept an element, the output is above 0
/// exactly where the activation's input was, and where it dropped one the mask is 0. NaN passes both ways, as through
/// libtorch's ReLU and its derivative.
/// </summary>
internal static class ReluDropout
{
    /// <summary>Applies ReLU, then the mask when given, to <paramref name="values"/> in place.</summary>
    public static void Forward(Tensor values, Tensor? mask)
    {
        var v = Floats(values);
        if (mask is null)
            Pass(v, v, v);
        else
            Select(v, v, Floats(mask), v);
    }

    /// <summary>
    /// Adds <paramref name="bias"/> to every row of <paramref name="values"/>, then applies ReLU and the mask when given, in
    /// place: a linear layer's product becomes its block's output in one pass (no separate pass writing the bias rows).
    /// </summary>
    /// <param name="values">[rows, width] products, row-major.</param>
    /// <param name="bias">[width] bias.</param>
    /// <param name="mask">The dropout mask of the values' shape, or null.</param>
    public static void Forward(Tensor values, Tensor bias, Tensor? mask)
    {
        var v = Floats(values);
        var b = Floats(bias);
        var m = mask is null ? default : Floats(mask);
        if (values.dim() != 2 || values.shape[1] != b.Length)
            throw new ArgumentException($"The bias has {b.Length} values, but the rows [{string.Join(", ", values.shape)}] are not that wide.", nameof(bias));
        if (mask is not null && m.Length != v.Length)
            throw new ArgumentException("The mask differs in size from the values.", nameof(mask));
        for (int start = 0; start < v.Length; start += b.Length)
        {
            var row = v.Slice(start, b.Length);
            if (mask is null)
                BiasRelu(row, b);
            else
                BiasReluMask(row, b, m.Slice(start, b.Length));
        }
    }

    /// <summary>Turns the gradient of a block's output into the gradient of its activation's input, in place.</summary>
    /// <param name="gradient">The gradient of the block's output; overwritten.</param>
    /// <param name="output">The block's output (after ReLU and dropout), of the same shape.</param>
    /// <param name="mask">The dropout mask, or null without dropout.</param>
    public static void Backward(Tensor gradient, Tensor output, Tensor? mask)
    {
        var g = Floats(gradient);
        var o = Floats(output);
        if (o.Length != g.Length)
            throw new ArgumentException("The gradient and the output differ in size.", nameof(output));
        if (mask is null)
            Pass(o, g, g);
        else
            Select(o, g, Floats(mask), g);
    }

    /// <summary>target = condition ≤ 0 ? 0 : values, element by element (the spans may alias; NaN passes).</summary>
    private static void Pass(ReadOnlySpan<float> condition, ReadOnlySpan<float> values, Span<float> target)
    {
        var cv = MemoryMarshal.Cast<float, Vector<float>>(condition);
        var vv = MemoryMarshal.Cast<float, Vector<float>>(values);
        var tv = MemoryMarshal.Cast<float, Vector<float>>(target);
        for (int i = 0; i < tv.Length; i++)
            tv[i] = Vector.ConditionalSelect(Vector.LessThanOrEqual(cv[i], Vector<float>.Zero), Vector<float>.Zero, vv[i]);
        for (int i = tv.Length * Vector<float>.Count; i < target.Length; i++)
            target[i] = condition[i] <= 0 ? 0f : values[i];
    }

    /// <summary>row = ReLU(row + bias), element by element (NaN passes).</summary>
    private static void BiasRelu(Span<float> row, ReadOnlySpan<float> bias)
    {
        var rv = MemoryMarshal.Cast<float, Vector<float>>(row);
        var bv = MemoryMarshal.Cast<float, Vector<float>>(bias);
        for (int i = 0; i < rv.Length; i++)
        {
            var x = rv[i] + bv[i];
            rv[i] = Vector.ConditionalSelect(Vector.LessThanOrEqual(x, Vector<float>.Zero), Vector<float>.Zero, x);
        }
        for (int i = rv.Length * Vector<float>.Count; i < row.Length; i++)
        {
            float x = row[i] + bias[i];
            row[i] = x <= 0 ? 0f : x;
        }
    }

    /// <summary>row = ReLU(row + bias) · mask, element by element (NaN passes).</summary>
    private static void BiasReluMask(Span<float> row, ReadOnlySpan<float> bias, ReadOnlySpan<float> mask)
    {
        var rv = MemoryMarshal.Cast<float, Vector<float>>(row);
        var bv = MemoryMarshal.Cast<float, Vector<float>>(bias);
        var mv = MemoryMarshal.Cast<float, Vector<float>>(mask);
        for (int i = 0; i < rv.Length; i++)
        {
            var x = rv[i] + bv[i];
            rv[i] = Vector.ConditionalSelect(Vector.LessThanOrEqual(x, Vector<float>.Zero), Vector<float>.Zero, x * mv[i]);
        }
        for (int i = rv.Length * Vector<float>.Count; i < row.Length; i++)
        {
            float x = row[i] + bias[i];
            row[i] = x <= 0 ? 0f : x * mask[i];
        }
    }

    /// <summary>target = condition ≤ 0 ? 0 : values · mask, element by element (the spans may alias; NaN passes, as in libtorch's ReLU).</summary>
    private static void Select(ReadOnlySpan<float> condition, ReadOnlySpan<float> values, ReadOnlySpan<float> mask, Span<float> target)
    {
        if (mask.Length != target.Length || values.Length != target.Length || condition.Length != target.Length)
            throw new ArgumentException("The mask differs in size from the values.", nameof(mask));
        var cv = MemoryMarshal.Cast<float, Vector<float>>(condition);
        var vv = MemoryMarshal.Cast<float, Vector<float>>(values);
        var mv = MemoryMarshal.Cast<float, Vector<float>>(mask);
        var tv = MemoryMarshal.Cast<float, Vector<float>>(target);
        for (int i = 0; i < tv.Length; i++)
            tv[i] = Vector.ConditionalSelect(Vector.LessThanOrEqual(cv[i], Vector<float>.Zero), Vector<float>.Zero, vv[i] * mv[i]);
        for (int i = tv.Length * Vector<float>.Count; i < target.Length; i++)
            target[i] = condition[i] <= 0 ? 0f : values[i] * mask[i];
    }
}
