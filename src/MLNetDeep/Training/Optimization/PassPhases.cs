using System.Diagnostics;

namespace MLNetDeep.Training.Optimization;

/// <summary>The parts of <see cref="MlpBackprop"/>'s step, in the order it runs them.</summary>
internal enum PassPhase
{
    /// <summary>The output layer's bias written into its rows (a hidden layer's bias is added with its activation).</summary>
    BiasRows,

    /// <summary>The forward matrix products (<c>addmm_</c>).</summary>
    ForwardProducts,

    /// <summary>Drawing the dropout masks.</summary>
    DropoutMasks,

    /// <summary>The bias, ReLU and the dropout product (and an activation observer, when set).</summary>
    Activations,

    /// <summary>The objective and its gradient on the logits, read back.</summary>
    Objective,

    /// <summary>The products that give the weights' gradients.</summary>
    WeightGradientProducts,

    /// <summary>The column sums that give the biases' gradients.</summary>
    BiasGradients,

    /// <summary>The products that carry the gradient to the layer below.</summary>
    InputGradientProducts,

    /// <summary>ReLU's derivative with the dropout mask.</summary>
    ActivationDerivatives,
}

/// <summary>
/// Wall time per <see cref="PassPhase"/>, added up over the steps it is attached to (<see cref="MlpBackprop.Phases"/>):
/// the breakdown the benchmarks report. CPU work runs synchronously, so a phase's clock covers its work. The clock starts
/// once the step's buffers are reserved and stops after the last layer's gradients; what lies outside (a contiguous copy
/// of a strided batch, growing the buffers) is not counted.
/// </summary>
internal sealed class PassPhases
{
    private readonly Stopwatch _clock = new();

    /// <summary>Seconds per phase, indexed by <see cref="PassPhase"/>.</summary>
    public double[] Seconds { get; } = new double[Enum.GetValues<PassPhase>().Length];

    /// <summary>Starts timing a step.</summary>
    public void Start() => _clock.Restart();

    /// <summary>Adds the time since the last lap (or <see cref="Start"/>) to <paramref name="phase"/>.</summary>
    public void Lap(PassPhase phase)
    {
        Seconds[(int)phase] += _clock.Elapsed.TotalSeconds;
        _clock.Restart();
    }
}
