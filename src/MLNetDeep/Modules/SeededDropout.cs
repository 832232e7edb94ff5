using TorchSharp;
using static TorchSharp.torch;

namespace MLNetDeep.Modules;

/// <summary>
/// Inverted dropout that draws its mask from the fit's own generator, so concurrent seeded fits do not share
/// TorchSharp's global random state (whose <c>nn.Dropout</c> takes no generator).
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
        using var mask = empty_like(input).bernoulli_(1 - _rate, _generator);
        return input * mask / (1 - _rate);
    }
}
