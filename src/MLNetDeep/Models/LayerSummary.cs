using System.Globalization;

namespace MLNetDeep;

/// <summary>
/// One layer of a DeepMlp network in a <see cref="DeepMlpModelSummary"/>: the input embedding (<c>embedding</c>, first
/// when the options ask for categorical or numerical embeddings), a hidden layer (linear map, optional
/// normalization, activation, dropout while training; a residual block adds its input, y = x + f(x)) or the output
/// layer (a linear map whose outputs the task's head turns into predictions).
/// </summary>
/// <param name="Name"><c>hidden_1</c>, <c>hidden_2</c>, … input side first, then <c>output</c>.</param>
/// <param name="InputSize">The number of values the layer reads (at least 1).</param>
/// <param name="OutputSize">The number of values it writes per row (at least 1): the output shape is [batch, OutputSize].</param>
/// <param name="Activation">The activation after the linear map (and normalization); null for the output layer.</param>
/// <param name="Normalization">The normalization after the linear map; <see cref="MLNetDeep.Normalization.None"/> for the output layer.</param>
/// <param name="DropoutRate">
/// The probability in [0, 1) of zeroing a unit while training (0: no dropout; always 0 for the output layer); null
/// when the source does not say (a model built or saved without its run record).
/// </param>
/// <param name="Residual">Whether the layer is a residual block, y = x + f(x) (it then keeps the width).</param>
/// <param name="ParameterCount">Trained parameters: weights, biases and normalization scales and shifts (batch norm's running mean and variance are statistics, not parameters).</param>
public sealed record LayerSummary(
    string Name, int InputSize, int OutputSize, Activation? Activation, Normalization Normalization, double? DropoutRate, bool Residual, long ParameterCount)
{
    /// <summary>The name of the last layer, the one the task's head reads.</summary>
    public const string OutputLayerName = "output";

    /// <summary>The name of the input embedding (categorical and numerical embeddings), the first layer when there is one.</summary>
    public const string EmbeddingLayerName = "embedding";

    /// <summary>The output shape as Keras writes it, for example <c>[batch, 512]</c>.</summary>
    public string OutputShape => string.Create(CultureInfo.InvariantCulture, $"[batch, {OutputSize}]");

    /// <summary>Whether this is the output layer.</summary>
    public bool IsOutput => Name == OutputLayerName;

    /// <summary>The name of hidden layer <paramref name="index"/> (0-based): <c>hidden_1</c> for the first.</summary>
    internal static string HiddenName(int index) => string.Create(CultureInfo.InvariantCulture, $"hidden_{index + 1}");

    /// <summary>The input embedding: <paramref name="inputSize"/> inputs (features and key values) encoded into <paramref name="outputSize"/> values.</summary>
    internal static LayerSummary Embedding(int inputSize, int outputSize, long parameterCount) =>
        new(EmbeddingLayerName, inputSize, outputSize, null, Normalization.None, 0, false, parameterCount);

    /// <summary>The output layer: a linear map of <paramref name="inputSize"/> to <paramref name="outputSize"/> values.</summary>
    internal static LayerSummary Output(int inputSize, int outputSize, long parameterCount) =>
        new(OutputLayerName, inputSize, outputSize, null, Normalization.None, 0, false, parameterCount);
}
