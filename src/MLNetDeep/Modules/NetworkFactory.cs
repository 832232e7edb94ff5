using static TorchSharp.torch;

namespace MLNetDeep.Modules;

/// <summary>Builds the network the options describe.</summary>
internal static class NetworkFactory
{
    public static MlpNetwork Create(DeepMlpOptionsBase options, int inputSize, int outputSize, Generator initGenerator, Generator dropoutGenerator) =>
        new(inputSize, options.HiddenLayerSizes, outputSize, options.Activation, options.DropoutRate, initGenerator, dropoutGenerator);
}
