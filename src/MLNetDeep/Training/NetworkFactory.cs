using MLNetDeep.Modules;
using static TorchSharp.torch;

namespace MLNetDeep.Training;

/// <summary>Builds the network the options describe.</summary>
internal static class NetworkFactory
{
    public static MlpNetwork Create(DeepMlpOptionsBase options, int inputSize, int outputSize, Generator initGenerator, Generator dropoutGenerator) =>
        new(inputSize, options.HiddenLayerSizes, HiddenLayers(options), outputSize, options.WeightInitialization, initGenerator, dropoutGenerator);

    /// <summary>
    /// One specification per hidden layer. Hidden layer i (i ≥ 1) is a residual block when
    /// <see cref="DeepMlpOptionsBase.ResidualConnections"/> is set and its width equals hidden layer i − 1's; the
    /// first hidden layer (which maps the features) and layers that change the width stay plain.
    /// </summary>
    public static IReadOnlyList<HiddenLayerSpec> HiddenLayers(DeepMlpOptionsBase options)
    {
        int[] sizes = options.HiddenLayerSizes;
        return [.. sizes.Select((width, i) => new HiddenLayerSpec(
            options.Activation,
            options.Normalization,
            options.WeightInitialization,
            options.DropoutRates?[i] ?? options.DropoutRate,
            options.ResidualConnections && i > 0 && sizes[i - 1] == width))];
    }
}
