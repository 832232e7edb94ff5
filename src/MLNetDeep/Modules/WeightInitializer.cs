using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNetDeep.Modules;

/// <summary>Draws linear-layer weights for a <see cref="WeightInitialization"/> from the fit's own generator.</summary>
internal static class WeightInitializer
{
    /// <summary>The LeakyReLU negative slope the network uses; He gains account for it.</summary>
    public const float LeakyReluSlope = 0.01f;

    /// <summary>Initializes <paramref name="linear"/> in place.</summary>
    /// <param name="linear">The layer.</param>
    /// <param name="scheme">The scheme from the options.</param>
    /// <param name="followedBy">The activation after the layer, or null for the output layer.</param>
    /// <param name="generator">The fit's initialization generator (never TorchSharp's global one).</param>
    public static void Initialize(Linear linear, WeightInitialization scheme, Activation? followedBy, Generator generator) =>
        Initialize(linear.weight!, linear.bias!, scheme, followedBy, generator);

    /// <summary>Initializes a [outputs, inputs] <paramref name="weight"/> and its [outputs] <paramref name="bias"/> in place, as a linear layer's.</summary>
    public static void Initialize(Tensor weight, Tensor bias, WeightInitialization scheme, Activation? followedBy, Generator generator)
    {
        double fanIn = weight.shape[1], fanOut = weight.shape[0];
        using (no_grad())
        {
            switch (scheme)
            {
                case WeightInitialization.Auto:
                    double bound = followedBy is null ? Math.Sqrt(6 / (fanIn + fanOut)) : AutoGain(followedBy.Value) * Math.Sqrt(3 / fanIn);
                    weight.uniform_(-bound, bound, generator);
                    break;
                case WeightInitialization.HeUniform:
                    weight.uniform_(-HeGain(followedBy) * Math.Sqrt(3 / fanIn), HeGain(followedBy) * Math.Sqrt(3 / fanIn), generator);
                    break;
                case WeightInitialization.HeNormal:
                    weight.normal_(0, HeGain(followedBy) / Math.Sqrt(fanIn), generator);
                    break;
                case WeightInitialization.XavierUniform:
                    weight.uniform_(-Math.Sqrt(6 / (fanIn + fanOut)), Math.Sqrt(6 / (fanIn + fanOut)), generator);
                    break;
                case WeightInitialization.XavierNormal:
                    weight.normal_(0, Math.Sqrt(2 / (fanIn + fanOut)), generator);
                    break;
                case WeightInitialization.TorchDefault:
                    weight.uniform_(-1 / Math.Sqrt(fanIn), 1 / Math.Sqrt(fanIn), generator);
                    bias.uniform_(-1 / Math.Sqrt(fanIn), 1 / Math.Sqrt(fanIn), generator);
                    return;
                default:
                    throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "Unknown weight initialization.");
            }

            bias.zero_();
        }
    }

    private static double AutoGain(Activation activation) => activation switch
    {
        Activation.ReLU or Activation.GELU or Activation.SiLU or Activation.ELU => Math.Sqrt(2),
        Activation.LeakyReLU => HeGain(activation),
        Activation.Tanh => 5.0 / 3,
        _ => 1,
    };

    private static double HeGain(Activation? activation) =>
        activation == Activation.LeakyReLU ? Math.Sqrt(2 / (1 + (LeakyReluSlope * LeakyReluSlope))) : Math.Sqrt(2);
}
