using MLNetDeep.Native;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNetDeep.Modules;

/// <summary>
/// A BatchEnsemble linear layer on [batch, members, inputs] (or [batch, 1, inputs], shared by the members):
/// yᵢ = ((x ⊙ rᵢ)·Wᵀ) ⊙ sᵢ + bᵢ. W [outputs, inputs] is shared and drawn like a linear layer's; the input scaling r
/// [members, inputs] and output scaling s [members, outputs] are optional, and the bias is [members, outputs] (each
/// member's starting as the shared draw) or [outputs]. The input scaling is added after construction
/// (<see cref="SetInputScale"/>), so that its random signs are drawn after every weight of the network.
/// </summary>
internal sealed class EnsembleLinear : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private Parameter? input_scale;
    private readonly Parameter? output_scale;

    /// <param name="inputs">Input width.</param>
    /// <param name="outputs">Output width.</param>
    /// <param name="members">The members k.</param>
    /// <param name="adapters">Which per-member parameters the layer has (its input scaling comes with <see cref="SetInputScale"/>).</param>
    /// <param name="initialization">How W and the bias start.</param>
    /// <param name="followedBy">The activation after the layer.</param>
    /// <param name="generator">The fit's initialization generator.</param>
    public EnsembleLinear(int inputs, int outputs, int members, EnsembleAdapters adapters, WeightInitialization initialization, Activation followedBy, Generator generator)
        : base(nameof(EnsembleLinear))
    {
        Members = members;
        using var w = empty(outputs, inputs);
        using var b = empty(outputs);
        WeightInitializer.Initialize(w, b, initialization, followedBy, generator);
        weight = new Parameter(w.clone());
        using var row = b.unsqueeze(0);
        bias = new Parameter(adapters.MemberBias ? row.repeat(members, 1) : b.clone());
        if (adapters.OutputScale)
            output_scale = new Parameter(ones(members, outputs));
        RegisterComponents();
    }

    /// <summary>The members k.</summary>
    public int Members { get; }

    /// <summary>The shared weight matrix [outputs, inputs].</summary>
    public Tensor Weight => weight;

    /// <summary>The bias, [members, outputs] or [outputs].</summary>
    public Tensor Bias => bias;

    /// <summary>r [members, inputs], or null.</summary>
    public Tensor? InputScale => input_scale;

    /// <summary>s [members, outputs], or null.</summary>
    public Tensor? OutputScale => output_scale;

    /// <summary>Gives the layer its input scaling r [members, inputs], starting as <paramref name="start"/>; null: none.</summary>
    public void SetInputScale(AdapterStart? start, Generator generator)
    {
        int inputs = (int)weight.shape[1];
        if (start is null)
            return;
        if (input_scale is not null)
            throw new InvalidOperationException("The layer already has an input scaling.");
        using var values = start == AdapterStart.RandomSigns && Members > 1 ? RandomSigns(Members, inputs, generator) : ones(Members, inputs);
        input_scale = new Parameter(values.clone());
        register_parameter("input_scale", input_scale);
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input_scale is null ? input : input * input_scale;
        var y = matmul(x, weight.t());
        if (output_scale is not null)
            y = y * output_scale;
        return (y + bias).MoveToOuterDisposeScope();
    }

    /// <summary>±1 with equal odds, from <paramref name="generator"/>.</summary>
    private static Tensor RandomSigns(int rows, int columns, Generator generator)
    {
        using var draws = empty(rows, columns).bernoulli_(0.5, generator);
        return draws.Times(2).Minus(1);
    }
}

/// <summary>Where an ensemble layer's input scaling starts.</summary>
internal enum AdapterStart
{
    /// <summary>All ones: the members start identical in this layer.</summary>
    Ones,

    /// <summary>Random ±1 per member and input (one member: all ones), which makes the members differ from the start.</summary>
    RandomSigns,
}

/// <summary>The per-member parameters of an <see cref="EnsembleLinear"/>.</summary>
/// <param name="InputScale">r and how it starts, or null for none.</param>
/// <param name="OutputScale">Whether the layer has s.</param>
/// <param name="MemberBias">Whether each member has its own bias.</param>
internal sealed record EnsembleAdapters(AdapterStart? InputScale, bool OutputScale, bool MemberBias);

/// <summary>One output layer per member on [batch, members, inputs]: yᵢ = xᵢ·Wᵢᵀ + bᵢ, each member's drawn like a linear output layer.</summary>
internal sealed class MemberLinear : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter bias;

    public MemberLinear(int inputs, int outputs, int members, WeightInitialization initialization, Generator generator)
        : base(nameof(MemberLinear))
    {
        using var w = empty(members, outputs, inputs);
        using var b = empty(members, outputs);
        for (int i = 0; i < members; i++)
        {
            using var wi = w[i];
            using var bi = b[i];
            WeightInitializer.Initialize(wi, bi, initialization, null, generator);
        }
        weight = new Parameter(w.clone());
        bias = new Parameter(b.clone());
        RegisterComponents();
    }

    /// <summary>The weights [members, outputs, inputs].</summary>
    public Tensor Weight => weight;

    /// <summary>The biases [members, outputs].</summary>
    public Tensor Bias => bias;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var perMember = matmul(input.transpose(0, 1), weight.transpose(1, 2)); // [members, batch, outputs]
        return (perMember.transpose(0, 1) + bias).MoveToOuterDisposeScope();
    }
}
