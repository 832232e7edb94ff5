namespace MLNetDeep;

/// <summary>Activation function applied after each hidden layer.</summary>
public enum Activation
{
    /// <summary>max(0, x). The default; pairs with He (Kaiming) initialization.</summary>
    ReLU,
    /// <summary>max(0.01·x, x): keeps a small gradient for negative inputs (fewer dead units).</summary>
    LeakyReLU,
    /// <summary>x for x &gt; 0, exp(x) − 1 otherwise.</summary>
    ELU,
    /// <summary>x·Φ(x), the exact (erf) form.</summary>
    GELU,
    /// <summary>x·sigmoid(x), also called Swish.</summary>
    SiLU,
    /// <summary>Hyperbolic tangent.</summary>
    Tanh,
    /// <summary>
    /// 1 / (1 + exp(−x)). Its slope is at most 0.25, so gradients shrink layer by layer in deep plain networks
    /// (vanishing gradients); prefer the ReLU family, or add <see cref="Normalization"/> and residual connections.
    /// </summary>
    Sigmoid,
}
