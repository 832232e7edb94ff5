namespace MLNetDeep;

/// <summary>The network family a DeepMlp trainer builds from its hidden layers.</summary>
public enum Architecture
{
    /// <summary>
    /// A plain multilayer perceptron (the default): per hidden layer Linear → normalization (optional) → activation →
    /// dropout, then a linear output layer.
    /// </summary>
    Mlp,

    /// <summary>
    /// The MLP with residual blocks: every hidden layer after the first whose width equals the previous one computes
    /// y = x + f(x), with f the MLP's layer (Linear → normalization → activation → dropout); the first hidden layer maps
    /// the features, layers that change the width stay plain. The residual MLP of the RTDL baselines (Gorishniy et al.
    /// 2021), with one linear layer per block. Pair it with <see cref="Normalization.LayerNorm"/> or
    /// <see cref="Normalization.BatchNorm"/> for deep stacks of equal widths such as <c>[256, 256, 256, 256]</c>; it
    /// needs two adjacent hidden layers of the same width.
    /// </summary>
    ResNet,

    /// <summary>
    /// TabM (Gorishniy et al., ICLR 2025): one network that imitates <see cref="DeepMlpOptionsBase.NumberOfTabMMembers"/>
    /// MLPs. Every hidden linear layer is a BatchEnsemble layer, y = ((x ⊙ rᵢ)·Wᵀ) ⊙ sᵢ + bᵢ: the weight matrix W is
    /// shared, the scaling vectors rᵢ, sᵢ and the bias bᵢ belong to member i; each member has its own output layer. All
    /// members train together on the same batches (the loss is the mean of the members' losses) and the prediction
    /// averages the members' probabilities (classification) or values (regression). The first layer's rᵢ start as
    /// random signs (all ones with one member), the other scalings at one, every member's bias at the shared layer's.
    /// </summary>
    TabM,

    /// <summary>
    /// TabM-mini: a shared MLP whose input is scaled per member (x ⊙ rᵢ, rᵢ starting as random signs), with a bias per
    /// member in the first layer and one output layer per member; trained and averaged like <see cref="TabM"/>, with
    /// fewer parameters per member.
    /// </summary>
    TabMMini,
}
