using System.Numerics;
using System.Runtime.InteropServices;
using static MLNetDeep.Native.FloatSpans;
using static TorchSharp.torch;

namespace MLNetDeep.Training.Optimization;

/// <summary>
/// A layer's bias against its [rows, width] outputs, as managed passes over contiguous float32 CPU memory: the bias
/// written into every row before the product is added (the forward pass), and the column sums of the gradient that give
/// the bias's gradient (the backward pass). libtorch's broadcast copy and sum wake its worker threads for a few
/// kilobytes a row; these are plain loops.
/// </summary>
internal static class BiasRows
{
    /// <summary>Writes <paramref name="bias"/> into every row of <paramref name="matrix"/>.</summary>
    public static void Broadcast(Tensor bias, Tensor matrix)
    {
        var b = Floats(bias);
        var m = Floats(matrix);
        if (b.Length == 0 || matrix.shape[^1] != b.Length)
            throw new ArgumentException("The matrix's width differs from the bias's length.", nameof(matrix));
        for (int start = 0; start < m.Length; start += b.Length)
            b.CopyTo(m.Slice(start, b.Length));
    }

    /// <summary>Adds (or, with <paramref name="add"/> false, writes) the column sums of a [rows, width] matrix to <paramref name="target"/>.</summary>
    public static void AddColumnSums(Tensor matrix, Tensor target, bool add)
    {
        var m = Floats(matrix);
        var t = Floats(target);
        int width = t.Length;
        if (width == 0 || matrix.shape[^1] != width)
            throw new ArgumentException("The matrix's width differs from the target's length.", nameof(target));
        if (!add)
            t.Clear();
        for (int start = 0; start < m.Length; start += width)
        {
            var row = m.Slice(start, width);
            int vectors = width / Vector<float>.Count;
            var rv = MemoryMarshal.Cast<float, Vector<float>>(row)[..vectors];
            var tv = MemoryMarshal.Cast<float, Vector<float>>(t)[..vectors];
            for (int i = 0; i < vectors; i++)
                tv[i] += rv[i];
            for (int i = vectors * Vector<float>.Count; i < width; i++)
                t[i] += row[i];
        }
    }
}
