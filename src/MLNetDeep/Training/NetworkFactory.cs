using MLNetDeep.Modules;
using static TorchSharp.torch;

namespace MLNetDeep.Training;

/// <summary>Builds the network the options describe.</summary>
internal static class NetworkFactory
{
    /// <summary>The network of <see cref="DeepMlpOptionsBase.Architecture"/> for <paramref name="task"/>, reading <paramref name="inputSize"/> values.</summary>
    public static TabularNetwork Create(DeepMlpOptionsBase options, int inputSize, PredictionTask task, Generator initGenerator, Generator dropoutGenerator) =>
        options.Architecture is Architecture.TabM or Architecture.TabMMini
            ? new TabMNetwork(inputSize, options.HiddenLayerSizes, HiddenLayers(options), task, options.NumberOfTabMMembers,
                mini: options.Architecture == Architecture.TabMMini, options.WeightInitialization, initGenerator, dropoutGenerator)
            : new MlpNetwork(inputSize, options.HiddenLayerSizes, HiddenLayers(options), task.OutputSize, options.WeightInitialization, initGenerator, dropoutGenerator);

    /// <summary>
    /// One specification per hidden layer. Hidden layer i (i ≥ 1) is a residual block when
    /// <see cref="DeepMlpOptionsBase.Architecture"/> is <see cref="Architecture.ResNet"/> and its width equals hidden layer i − 1's; the
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
            options.Architecture == Architecture.ResNet && i > 0 && sizes[i - 1] == width))];
    }
}
