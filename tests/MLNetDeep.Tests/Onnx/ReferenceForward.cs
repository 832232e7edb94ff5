using MLNetDeep.Onnx;
using MLNetDeep.Snapshots;

namespace MLNetDeep.Tests.Onnx;

/// <summary>What a network predicts for one row: Score (logit, class probabilities or regression value), Probability (binary), ClassIndex (multiclass).</summary>
internal sealed record ReferenceOutput(double[] Score, double Probability, int ClassIndex);

/// <summary>A plain managed forward pass in double precision: the ground truth the exported graph must match.</summary>
internal static class ReferenceForward
{
    public static ReferenceOutput Predict(NetworkSnapshot network, float[] features)
    {
        double[] x = Body(network.Layers, features.Select(v => (double)v).ToArray());
        switch (network.Task)
        {
            case BinaryClassificationTask:
                return new ReferenceOutput([x[0]], Sigmoid(x[0]), x[0] > 0 ? 1 : 0);
            case MulticlassClassificationTask:
                double max = x.Max();
                double[] e = x.Select(v => Math.Exp(v - max)).ToArray();
                double sum = e.Sum();
                return new ReferenceOutput(e.Select(v => v / sum).ToArray(), double.NaN, Array.IndexOf(x, max));
            case RegressionTask r:
                return new ReferenceOutput([(x[0] * r.LabelScale) + r.LabelOffset], double.NaN, -1);
            default:
                throw new NotSupportedException(network.Task.GetType().Name);
        }
    }

    public static double[] Body(IReadOnlyList<SnapshotLayer> layers, double[] x)
    {
        foreach (SnapshotLayer layer in layers)
        {
            x = layer switch
            {
                DenseLayer d => Enumerable.Range(0, d.Outputs)
                    .Select(o => d.Bias[o] + Enumerable.Range(0, d.Inputs).Sum(i => (double)d.Weight[(o * d.Inputs) + i] * x[i])).ToArray(),
                ActivationLayer a => x.Select(v => Activate(a, v)).ToArray(),
                BatchNormLayer b => x.Select((v, i) => ((v - b.Mean[i]) / Math.Sqrt(b.Variance[i] + (double)b.Epsilon) * b.Scale[i]) + b.Shift[i]).ToArray(),
                LayerNormLayer n => LayerNorm(n, x),
                ResidualLayer r => x.Zip(Body(r.Body, x), (a, b) => a + b).ToArray(),
                _ => throw new NotSupportedException(layer.GetType().Name),
            };
        }

        return x;
    }

    private static double[] LayerNorm(LayerNormLayer n, double[] x)
    {
        double mean = x.Average();
        double variance = x.Average(v => (v - mean) * (v - mean));
        return x.Select((v, i) => ((v - mean) / Math.Sqrt(variance + n.Epsilon) * n.Scale[i]) + n.Shift[i]).ToArray();
    }

    private static double Activate(ActivationLayer a, double v) => a.Kind switch
    {
        Activation.ReLU => Math.Max(0, v),
        Activation.LeakyReLU => v > 0 ? v : a.Parameter * v,
        Activation.ELU => v > 0 ? v : a.Parameter * (Math.Exp(v) - 1),
        Activation.GELU => 0.5 * v * (1 + Erf(v / Math.Sqrt(2))),
        Activation.SiLU => v * Sigmoid(v),
        Activation.Tanh => Math.Tanh(v),
        Activation.Sigmoid => Sigmoid(v),
        _ => throw new NotSupportedException(a.Kind.ToString()),
    };

    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    /// <summary>erf by its Maclaurin series (|x| ≤ 3) or the asymptotic continued fraction; error below 1e-12.</summary>
    public static double Erf(double x)
    {
        double ax = Math.Abs(x);
        if (ax <= 3)
        {
            double term = x, sum = x;
            for (int n = 1; n < 200 && Math.Abs(term) > 1e-17; n++)
            {
                term *= -x * x / n;
                sum += term / ((2 * n) + 1);
            }

            return 2 / Math.Sqrt(Math.PI) * sum;
        }

        // erfc(x) = exp(-x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...)))), evaluated bottom-up.
        double f = ax;
        for (int k = 60; k >= 1; k--)
        {
            f = ax + (k / 2.0 / f);
        }

        double erfc = Math.Exp(-ax * ax) / Math.Sqrt(Math.PI) / f;
        return Math.Sign(x) * (1 - erfc);
    }
}
