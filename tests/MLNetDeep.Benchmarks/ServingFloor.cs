using System.Diagnostics;
using System.Numerics;
using MLNetDeep.Snapshots;

namespace MLNetDeep.Benchmarks;

/// <summary>
/// The arithmetic floor of one row for section "serving": the network's dense layers evaluated in managed code with
/// SIMD dot products (no ONNX Runtime, no ML.NET), so that the per-row cost of the math itself is visible.
/// </summary>
internal static class ServingFloor
{
    /// <summary>Mean microseconds per row of a plain forward pass through <paramref name="layers"/> (ReLU activations; others are skipped).</summary>
    public static double MicrosPerRow(IReadOnlyList<SnapshotLayer> layers, float[][] rows)
    {
        int widest = layers.OfType<DenseLayer>().Max(d => Math.Max(d.Inputs, d.Outputs));
        var a = new float[widest];
        var b = new float[widest];
        float sink = 0;
        var clock = Stopwatch.StartNew();
        foreach (float[] row in rows)
        {
            row.CopyTo(a, 0);
            int width = row.Length;
            foreach (SnapshotLayer layer in layers)
            {
                if (layer is DenseLayer dense)
                {
                    for (int o = 0; o < dense.Outputs; o++)
                        b[o] = dense.Bias[o] + Dot(dense.Weight.AsSpan(o * dense.Inputs, dense.Inputs), a.AsSpan(0, dense.Inputs));
                    (a, b) = (b, a);
                    width = dense.Outputs;
                }
                else if (layer is ActivationLayer { Kind: Activation.ReLU })
                {
                    for (int i = 0; i < width; i++) a[i] = Math.Max(a[i], 0f);
                }
            }
            sink += a[0];
        }
        double micros = clock.Elapsed.TotalMicroseconds / rows.Length;
        return float.IsNaN(sink) ? micros : micros;   // keeps the loop from being optimized away
    }

    private static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        int n = Vector<float>.Count, i = 0;
        var sum = Vector<float>.Zero;
        for (; i <= x.Length - n; i += n)
            sum += new Vector<float>(x[i..]) * new Vector<float>(y[i..]);
        float total = Vector.Sum(sum);
        for (; i < x.Length; i++) total += x[i] * y[i];
        return total;
    }
}
