using TorchSharp;
using MLNetDeep.Native;
using static TorchSharp.torch;

namespace MLNetDeep.Modules;

/// <summary>
/// Inverted dropout that draws its mask from the fit's own generator, so concurrent seeded fits do not share
/// TorchSharp's global random state (whose <c>nn.Dropout</c> takes no generator). A float32 input on the CPU gets its
/// mask from <see cref="DropoutMask"/> (seeded by one draw of the generator), elsewhere from <c>bernoulli_</c>; either way
/// the CPU mask already holds the 1/(1 − rate) scale, so autograd records one product.
/// </summary>
internal sealed class SeededDropout : nn.Module<Tensor, Tensor>
{
    private readonly double _rate;
    private readonly Generator _generator;

    public SeededDropout(double rate, Generator generator) : base(nameof(SeededDropout))
    {
        _rate = rate;
        _generator = generator;
    }

    public override Tensor forward(Tensor input)
    {
        if (!training || _rate == 0)
            return input.alias();
        double keep = 1 - _rate;
        if (input.device_type != DeviceType.CPU || input.dtype != ScalarType.Float32 || input.numel() > int.MaxValue / sizeof(float))
        {
            // Half types round 1/keep once if it is folded into the mask: scale the product instead.
            using var bernoulli = empty_like(input).bernoulli_(keep, _generator);
            return (input * bernoulli).DividedBy(keep);
        }
        using var mask = Mask(input);
        return input * mask;
    }

    private Tensor Mask(Tensor input)
    {
        var mask = empty(input.shape, ScalarType.Float32, device: CPU);
        FillMask(mask);
        return mask;
    }

    /// <summary>
    /// Fills a contiguous float32 CPU tensor with the next mask, exactly as a training forward pass over a tensor of its
    /// shape would draw it (one draw of the generator seeds the managed stream); the elements are 0 or 1/(1 − rate).
    /// </summary>
    public void FillMask(Tensor mask)
    {
        ulong seed;
        using (var draw = randint(long.MaxValue, [1], ScalarType.Int64, generator: _generator))
            seed = (ulong)draw.item<long>();
        DropoutMask.Fill(FloatSpans.Floats(mask), seed, 1 - _rate);
    }
}
