using System.Numerics;

namespace MLNetDeep.Training.Optimization;

/// <summary>
/// One Adam update of a float32 parameter in a single pass over its memory, in the order TorchSharp's Adam and AdamW
/// compute it: decoupled decay w ← w·(1 − lr·λ) (AdamW), g ← g + λ·w (Adam's L2), m ← β₁m + (1 − β₁)g,
/// v ← β₂v + (1 − β₂)g², w ← w − (lr / (1 − β₁ᵗ))·m / (√v / √(1 − β₂ᵗ) + ε). TorchSharp's own step makes seven tensor
/// calls and two temporaries per parameter, each a pass over memory; on small tables those calls, not the arithmetic,
/// were the optimizer's cost. One difference: a moment that falls below float32's smallest normal number (about
/// 1.2e-38) becomes 0. A unit whose gradient stays 0 (a dead ReLU, an input that never varies) has its first moment decay
/// by β₁ each step into subnormal numbers within about 700 steps, and arithmetic on subnormals takes a slow path in the
/// CPU: with them, the update of the default network took 2 to 4 times as long. A moment that small moves no weight:
/// a flushed m changes the update by at most lr·1.2e-38/((1 − β₁ᵗ)·ε), under 1e-29 of the rate for ε = 1e-8 (the fixed
/// ε here) and t ≥ 1; a flushed v changes the denominator by at most √(1.2e-38/(1 − β₂ᵗ)) ≤ 4e-18, far below ε.
/// </summary>
internal static class AdamKernel
{
    /// <summary>float32's smallest positive normal number, 2⁻¹²⁶.</summary>
    private const float SmallestNormal = 1.17549435e-38f;

    /// <summary>Updates <paramref name="weights"/>, <paramref name="mean"/> and <paramref name="variance"/> in place.</summary>
    /// <param name="weights">The parameter.</param>
    /// <param name="gradient">Its gradient (read only).</param>
    /// <param name="mean">Adam's first moment m.</param>
    /// <param name="variance">Adam's second moment v.</param>
    /// <param name="c">The step's constants.</param>
    public static void Update(Span<float> weights, ReadOnlySpan<float> gradient, Span<float> mean, Span<float> variance, in AdamStep c)
    {
        if (gradient.Length != weights.Length || mean.Length != weights.Length || variance.Length != weights.Length)
            throw new ArgumentException("The weights, gradient and moments must have the same length.", nameof(gradient));
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var beta1 = new Vector<float>(c.Beta1);
            var beta1Rest = new Vector<float>(c.Beta1Complement);
            var beta2 = new Vector<float>(c.Beta2);
            var beta2Rest = new Vector<float>(c.Beta2Complement);
            var decay = new Vector<float>(c.DecayFactor);
            var l2 = new Vector<float>(c.L2);
            var root = new Vector<float>(c.SqrtBiasCorrection2);
            var epsilon = new Vector<float>(c.Epsilon);
            var stepSize = new Vector<float>(c.StepSize);
            var smallest = new Vector<float>(SmallestNormal);
            for (; i <= weights.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var w = new Vector<float>(weights[i..]) * decay;
                var g = c.L2 == 0 ? new Vector<float>(gradient[i..]) : new Vector<float>(gradient[i..]) + (l2 * w);
                var m = (new Vector<float>(mean[i..]) * beta1) + (beta1Rest * g);
                var v = (new Vector<float>(variance[i..]) * beta2) + (beta2Rest * g * g);
                m = Vector.ConditionalSelect(Vector.LessThan(Vector.Abs(m), smallest), Vector<float>.Zero, m);
                v = Vector.ConditionalSelect(Vector.LessThan(v, smallest), Vector<float>.Zero, v);
                m.CopyTo(mean[i..]);
                v.CopyTo(variance[i..]);
                (w - (stepSize * (m / ((Vector.SquareRoot(v) / root) + epsilon)))).CopyTo(weights[i..]);
            }
        }
        for (; i < weights.Length; i++)
        {
            float w = weights[i] * c.DecayFactor;
            float g = c.L2 == 0 ? gradient[i] : gradient[i] + (c.L2 * w);
            float m = (mean[i] * c.Beta1) + (c.Beta1Complement * g);
            float v = (variance[i] * c.Beta2) + (c.Beta2Complement * g * g);
            mean[i] = m = MathF.Abs(m) < SmallestNormal ? 0f : m;
            variance[i] = v = v < SmallestNormal ? 0f : v;
            weights[i] = w - (c.StepSize * (m / ((MathF.Sqrt(v) / c.SqrtBiasCorrection2) + c.Epsilon)));
        }
    }
}

/// <summary>The constants of one Adam step of one parameter.</summary>
/// <param name="Beta1">β₁.</param>
/// <param name="Beta2">β₂.</param>
/// <param name="Beta1Complement">1 − β₁, rounded once from double (as TorchSharp passes it).</param>
/// <param name="Beta2Complement">1 − β₂, likewise.</param>
/// <param name="Epsilon">ε.</param>
/// <param name="StepSize">lr / (1 − β₁ᵗ).</param>
/// <param name="SqrtBiasCorrection2">√(1 − β₂ᵗ).</param>
/// <param name="L2">Adam's L2 weight decay λ (0 for AdamW).</param>
/// <param name="DecayFactor">AdamW's 1 − lr·λ (1 for Adam).</param>
internal readonly record struct AdamStep(float Beta1, float Beta2, float Beta1Complement, float Beta2Complement, float Epsilon, float StepSize, float SqrtBiasCorrection2, float L2, float DecayFactor)
{
    /// <summary>The constants for step <paramref name="step"/> (1-based) of Adam (<paramref name="decoupled"/> false) or AdamW.</summary>
    public static AdamStep Create(double learningRate, double beta1, double beta2, double epsilon, double weightDecay, bool decoupled, long step) => new(
        (float)beta1, (float)beta2, (float)(1 - beta1), (float)(1 - beta2), (float)epsilon,
        (float)(learningRate / (1 - Math.Pow(beta1, step))),
        (float)Math.Sqrt(1 - Math.Pow(beta2, step)),
        decoupled ? 0f : (float)weightDecay,
        decoupled ? (float)(1 - (learningRate * weightDecay)) : 1f);
}
