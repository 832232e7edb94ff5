using MLNetDeep.Embeddings;
using MLNetDeep.Modules;
using static TorchSharp.torch;

namespace MLNetDeep.Training;

/// <summary>Builds the network the options describe.</summary>
internal static class NetworkFactory
{
    /// <summary>The network of <see cref="DeepMlpOptionsBase.Architecture"/> for <paramref name="task"/>, reading <paramref name="inputSize"/> values.</summary>
    /// <param name="options">The trainer's options.</param>
    /// <param name="inputSize">The network's input width.</param>
    /// <param name="task">The task (output width, TabM's heads).</param>
    /// <param name="initGenerator">Draws the starting weights.</param>
    /// <param name="dropoutGenerator">Draws dropout masks (and the unknown keys of an embedding).</param>
    /// <param name="embedding">The input embedding's plan, or null for none (its input width must be <paramref name="inputSize"/>).</param>
    public static TabularNetwork Create(DeepMlpOptionsBase options, int inputSize, PredictionTask task, Generator initGenerator, Generator dropoutGenerator, EmbeddingPlan? embedding = null)
    {
        if (embedding is null)
            return Body(options, inputSize, task, initGenerator, dropoutGenerator);
        if (embedding.InputSize != inputSize)
            throw new ArgumentException($"The embedding reads {embedding.InputSize} inputs, but the network {inputSize}.", nameof(embedding));
        // The body is drawn first, so that an embedding changes the body's starting weights only through its width.
        var body = Body(options, embedding.OutputWidth, task, initGenerator, dropoutGenerator);
        return new EmbeddedNetwork(new FeatureEmbedding(embedding, initGenerator, dropoutGenerator), body);
    }

    private static TabularNetwork Body(DeepMlpOptionsBase options, int inputSize, PredictionTask task, Generator initGenerator, Generator dropoutGenerator) =>
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
