using System.Numerics;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace MLNetDeep.Training.Optimization;

/// <summary>
/// The derivative of ReLU followed by dropout, applied in place in one managed pass: an element of the gradient of the
/// block's output passes (times the mask, 0 or 1/keep) where the output is above 0 and becomes 0 elsewhere. Where dropout
/// kept an element, the output is above 0 exactly where the activation's input was; where it dropped one, the mask is 0.
/// </summary>
internal static class ReluBackward
{
    /// <param name="gradient">The gradient of the block's output, a contiguous float32 CPU tensor; overwritten.</param>
    /// <param name="output">The block's output (after ReLU and dropout), of the same shape.</param>
    /// <param name="mask">The dropout mask, or null without dropout.</param>
    public static void Apply(Tensor gradient, Tensor output, Tensor? mask)
    {
        var g = MemoryMarshal.Cast<byte, float>(gradient.bytes);
        var o = MemoryMarshal.Cast<byte, float>(output.bytes);
        if (mask is null)
            Apply(g, o);
        else
            Apply(g, o, MemoryMarshal.Cast<byte, float>(mask.bytes));
    }

    internal static void Apply(Span<float> g, ReadOnlySpan<float> o)
    {
        if (o.Length != g.Length)
            throw new ArgumentException("The gradient and the output differ in size.", nameof(o));
        var gv = MemoryMarshal.Cast<float, Vector<float>>(g);
        var ov = MemoryMarshal.Cast<float, Vector<float>>(o);
        for (int v = 0; v < gv.Length; v++)
            gv[v] = Vector.ConditionalSelect(Vector.GreaterThan(ov[v], Vector<float>.Zero), gv[v], Vector<float>.Zero);
        for (int i = gv.Length * Vector<float>.Count; i < g.Length; i++)
            g[i] = o[i] > 0 ? g[i] : 0f;
    }

    internal static void Apply(Span<float> g, ReadOnlySpan<float> o, ReadOnlySpan<float> m)
    {
        if (o.Length != g.Length || m.Length != g.Length)
            throw new ArgumentException("The gradient, the output and the mask differ in size.", nameof(m));
        var gv = MemoryMarshal.Cast<float, Vector<float>>(g);
        var ov = MemoryMarshal.Cast<float, Vector<float>>(o);
        var mv = MemoryMarshal.Cast<float, Vector<float>>(m);
        for (int v = 0; v < gv.Length; v++)
            gv[v] = Vector.ConditionalSelect(Vector.GreaterThan(ov[v], Vector<float>.Zero), gv[v] * mv[v], Vector<float>.Zero);
        for (int i = gv.Length * Vector<float>.Count; i < g.Length; i++)
            g[i] = o[i] > 0 ? g[i] * m[i] : 0f;
    }
}
