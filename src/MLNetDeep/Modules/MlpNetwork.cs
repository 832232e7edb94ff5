using MLNetDeep.Data;
using MLNetDeep.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNetDeep.Modules;

/// <summary>
/// The multilayer perceptron: for each hidden width a linear layer, the activation and dropout; then a linear
/// output layer with one unit per logit (or one for regression).
/// </summary>
internal sealed class MlpNetwork : nn.Module<Tensor, Tensor>
{
    private const float LeakyReluSlope = 0.01f;
    private const float EluAlpha = 1f;

    private readonly ModuleList<nn.Module<Tensor, Tensor>> _layers = new();
    private readonly Activation _activation;
    private readonly int _inputSize;

    public MlpNetwork(int inputSize, IReadOnlyList<int> hiddenSizes, int outputSize, Activation activation, double dropoutRate, Generator initGenerator, Generator dropoutGenerator)
        : base(nameof(MlpNetwork))
    {
        _inputSize = inputSize;
        _activation = activation;
        int width = inputSize;
        foreach (int hidden in hiddenSizes)
        {
            _layers.Add(NewLinear(width, hidden, activation, initGenerator));
            _layers.Add(NewActivation(activation));
            if (dropoutRate > 0)
                _layers.Add(new SeededDropout(dropoutRate, dropoutGenerator));
            width = hidden;
        }
        _layers.Add(NewLinear(width, outputSize, null, initGenerator));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var x = input;
        foreach (var layer in _layers)
            x = layer.call(x);
        return x;
    }

    /// <summary>The weights as plain arrays for export; dropout is identity at inference and is left out.</summary>
    /// <param name="head">What the outputs mean.</param>
    /// <param name="inputScaling">The standardization the training data went through, folded into the first layer.</param>
    public NetworkSnapshot ToSnapshot(NetworkHead head, FeatureScaling inputScaling)
    {
        var layers = new List<SnapshotLayer>();
        foreach (var layer in _layers)
        {
            switch (layer)
            {
                case Linear linear:
                    layers.Add(new DenseLayer(
                        (int)linear.in_features, (int)linear.out_features,
                        linear.weight!.detach().cpu().data<float>().ToArray(),
                        linear.bias!.detach().cpu().data<float>().ToArray()));
                    break;
                case SeededDropout:
                    break;
                default:
                    layers.Add(new ActivationLayer(_activation, _activation switch
                    {
                        Activation.LeakyReLU => LeakyReluSlope,
                        Activation.ELU => EluAlpha,
                        _ => 0f,
                    }));
                    break;
            }
        }
        layers[0] = FoldScaling((DenseLayer)layers[0], inputScaling);
        return new NetworkSnapshot(_inputSize, layers, head);
    }

    /// <summary>W·((x − m)/s) + b = (W/s)·x + (b − W·(m/s)).</summary>
    private static DenseLayer FoldScaling(DenseLayer first, FeatureScaling scaling)
    {
        var weight = (float[])first.Weight.Clone();
        var bias = (float[])first.Bias.Clone();
        for (int o = 0; o < first.Outputs; o++)
        {
            double shift = 0;
            for (int i = 0; i < first.Inputs; i++)
            {
                int k = (o * first.Inputs) + i;
                shift += (double)first.Weight[k] * scaling.Mean[i] / scaling.Scale[i];
                weight[k] = first.Weight[k] / scaling.Scale[i];
            }
            bias[o] = (float)(first.Bias[o] - shift);
        }
        return first with { Weight = weight, Bias = bias };
    }

    private static Linear NewLinear(int inputs, int outputs, Activation? followedBy, Generator generator)
    {
        var linear = nn.Linear(inputs, outputs);
        using (no_grad())
        {
            // He (Kaiming) uniform for the ReLU family, Xavier (Glorot) uniform for the rest and the output layer.
            double gain = followedBy switch
            {
                Activation.ReLU or Activation.GELU or Activation.SiLU => Math.Sqrt(2),
                Activation.LeakyReLU => Math.Sqrt(2 / (1 + (LeakyReluSlope * LeakyReluSlope))),
                Activation.ELU => Math.Sqrt(2),
                Activation.Tanh => 5.0 / 3,
                _ => 1,
            };
            double bound = followedBy is null
                ? Math.Sqrt(6.0 / (inputs + outputs))
                : gain * Math.Sqrt(3.0 / inputs);
            linear.weight!.uniform_(-bound, bound, generator);
            linear.bias!.zero_();
        }
        return linear;
    }

    private static nn.Module<Tensor, Tensor> NewActivation(Activation activation) => activation switch
    {
        Activation.ReLU => nn.ReLU(),
        Activation.LeakyReLU => nn.LeakyReLU(LeakyReluSlope),
        Activation.ELU => nn.ELU(EluAlpha),
        Activation.GELU => nn.GELU(),
        Activation.SiLU => nn.SiLU(),
        Activation.Tanh => nn.Tanh(),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
    };
}
