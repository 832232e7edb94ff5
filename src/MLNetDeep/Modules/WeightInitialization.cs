namespace MLNetDeep;

/// <summary>
/// How the linear layers' weights are drawn before training. fan_in and fan_out are a layer's input and output
/// widths. Every draw uses the fit's own random generator, so seeded fits are reproducible.
/// </summary>
public enum WeightInitialization
{
    /// <summary>
    /// The default: hidden layers draw uniformly from ±gain·√(3/fan_in), with gain √2 for the ReLU family (ReLU,
    /// LeakyReLU, ELU, GELU, SiLU), 5/3 for Tanh and 1 for Sigmoid (He initialization for the ReLU family); the output
    /// layer uses Xavier uniform. Biases start at zero.
    /// </summary>
    Auto,
    /// <summary>Uniform in ±√(6/fan_in) (±√(6/((1+0.01²)·fan_in)) for LeakyReLU) for every linear layer; biases zero.</summary>
    HeUniform,
    /// <summary>Normal with standard deviation √(2/fan_in) (LeakyReLU: √(2/((1+0.01²)·fan_in))) for every linear layer; biases zero.</summary>
    HeNormal,
    /// <summary>Uniform in ±√(6/(fan_in + fan_out)) for every linear layer; biases zero. Suits Tanh and Sigmoid.</summary>
    XavierUniform,
    /// <summary>Normal with standard deviation √(2/(fan_in + fan_out)) for every linear layer; biases zero.</summary>
    XavierNormal,
    /// <summary>PyTorch's <c>nn.Linear</c> default: weights and biases uniform in ±1/√fan_in.</summary>
    TorchDefault,
}
