using System.Numerics;
using System.Runtime.InteropServices;

namespace MLNetDeep.Training;

/// <summary>
/// The sums the training doctor's layer statistics need, as managed passes over a contiguous float32 CPU tensor's memory,
/// accumulated in double: one pass each instead of a few libtorch calls and temporaries per figure, which at the default
/// network's size cost more than the training step's own work on small tables. Other tensors (a GPU, half precision,
/// strided views) take the tensor path of the caller.
/// </summary>
internal static class FloatMoments
{
    /// <summary>Σx, Σx² and Σ|x| in one pass.</summary>
    public static Moments Sums(ReadOnlySpan<float> values)
    {
        var sum = Vector<double>.Zero;
        var squares = Vector<double>.Zero;
        var absolutes = Vector<double>.Zero;
        var vectors = MemoryMarshal.Cast<float, Vector<float>>(values);
        foreach (var v in vectors)
        {
            Vector.Widen(v, out var low, out var high);
            sum += low + high;
            squares += (low * low) + (high * high);
            absolutes += Vector.Abs(low) + Vector.Abs(high);
        }
        var moments = new Moments(Vector.Sum(sum), Vector.Sum(squares), Vector.Sum(absolutes));
        for (int i = vectors.Length * Vector<float>.Count; i < values.Length; i++)
        {
            double v = values[i];
            moments = new Moments(moments.Sum + v, moments.SumOfSquares + (v * v), moments.SumOfAbsolutes + Math.Abs(v));
        }
        return moments;
    }

    /// <summary>Σ(a − b)², the squared distance between two equally long spans.</summary>
    public static double SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
            throw new ArgumentException("The spans differ in length.", nameof(b));
        var sum = Vector<double>.Zero;
        var av = MemoryMarshal.Cast<float, Vector<float>>(a);
        var bv = MemoryMarshal.Cast<float, Vector<float>>(b);
        for (int i = 0; i < av.Length; i++)
        {
            Vector.Widen(av[i], out var aLow, out var aHigh);
            Vector.Widen(bv[i], out var bLow, out var bHigh);
            var low = aLow - bLow;
            var high = aHigh - bHigh;
            sum += (low * low) + (high * high);
        }
        double total = Vector.Sum(sum);
        for (int i = av.Length * Vector<float>.Count; i < a.Length; i++)
        {
            double d = (double)a[i] - b[i];
            total += d * d;
        }
        return total;
    }

    /// <summary>Sets each unit's flag where any row of <paramref name="values"/> (rows of <paramref name="everAbove"/>.Length units) has it above 0.</summary>
    public static void MarkAboveZero(ReadOnlySpan<float> values, bool[] everAbove)
    {
        int units = everAbove.Length;
        if (units == 0 || values.Length % units != 0)
            throw new ArgumentException("The values are not whole rows of the units.", nameof(everAbove));
        for (int start = 0; start < values.Length; start += units)
        {
            var row = values.Slice(start, units);
            for (int u = 0; u < units; u++)
                everAbove[u] |= row[u] > 0;
        }
    }
}

/// <summary>Σx, Σx² and Σ|x| of a span, in double.</summary>
internal readonly record struct Moments(double Sum, double SumOfSquares, double SumOfAbsolutes);
