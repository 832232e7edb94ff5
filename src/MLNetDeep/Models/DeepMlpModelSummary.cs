using MLNetDeep.Models;

namespace MLNetDeep;

/// <summary>
/// The layers of a DeepMlp network with their output shapes and parameter counts, like Keras' <c>model.summary()</c>:
/// from a trainer and the schema it would be fitted on (<c>trainer.GetModelSummary(data.Schema)</c>, before training),
/// from a fitted model (<c>transformer.GetModelSummary()</c> or <c>transformer.Model.GetModelSummary()</c>) or from a saved
/// model zip (<see cref="FromZip(string)"/>, read from the ONNX graph inside it). <see cref="ToString"/> renders it as
/// an aligned text table.
/// </summary>
/// <remarks>
/// The three sources agree: the saved graph holds the same layers, with the input standardization folded into the first
/// linear layer's weights (which changes values, not counts) and batch norm written as an ONNX BatchNormalization node
/// whose scale and shift are counted (its running mean and variance are not parameters). Dropout is not part of the
/// graph: a zip's summary takes the rates from the run record saved in the graph's metadata, and says null where there is none.
/// An ensemble's members share one architecture: <see cref="Layers"/> lists one member's layers and
/// <see cref="TotalParameters"/> counts every member.
/// </remarks>
public sealed class DeepMlpModelSummary
{
    internal DeepMlpModelSummary(
        int inputSize, IReadOnlyList<LayerSummary> layers, int ensembleSize, long totalParameters, MissingValuesPart? missingValues = null)
    {
        FeatureCount = missingValues?.FeatureCount ?? inputSize;
        ImputesMissingValues = missingValues is not null;
        MissingValues = missingValues?.Slots ?? [];
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0 || !layers[^1].IsOutput)
            throw new ArgumentException("The layers must end with the output layer.", nameof(layers));
        InputSize = inputSize;
        Layers = [.. layers];
        EnsembleSize = ensembleSize;
        TotalParameters = totalParameters;
    }

    /// <summary>The number of values the network's first layer reads: the features plus one missing-value indicator per <see cref="MissingValues"/> slot.</summary>
    public int InputSize { get; }

    /// <summary>The feature column's width (the model's input shape is [batch, FeatureCount]).</summary>
    public int FeatureCount { get; }

    /// <summary>Whether the network replaces missing (NaN) features (<see cref="MissingValueHandling.Impute"/>), in every slot.</summary>
    public bool ImputesMissingValues { get; }

    /// <summary>The slots that had missing values in training, with how many and their replacement; each has an indicator input. Empty when none had.</summary>
    public IReadOnlyList<ImputedSlot> MissingValues { get; }

    /// <summary>One member's layers, input side first; the last is the output layer (<see cref="LayerSummary.IsOutput"/>).</summary>
    public IReadOnlyList<LayerSummary> Layers { get; }

    /// <summary>The output layer's width: 1 for binary classification and regression, the class count for multiclass.</summary>
    public int OutputSize => Layers[^1].OutputSize;

    /// <summary>The number of networks averaged (1 unless <see cref="DeepMlpOptionsBase.EnsembleSize"/> was larger).</summary>
    public int EnsembleSize { get; }

    /// <summary>The trained parameters of one member: the sum of <see cref="LayerSummary.ParameterCount"/> over <see cref="Layers"/>.</summary>
    public long ParametersPerMember => Layers.Sum(layer => layer.ParameterCount);

    /// <summary>The trained parameters of every member together; for a fitted model, its <see cref="DeepMlpModel{TTask}.ParameterCount"/>.</summary>
    public long TotalParameters { get; }

    /// <summary>
    /// The summary of the DeepMlp part of a model zip that <c>mlContext.Model.Save</c> wrote: the first ML.NET
    /// <c>OnnxModel</c> entry whose ONNX graph MLNetDeep exported, read without TorchSharp or ONNX Runtime.
    /// </summary>
    /// <param name="path">The model zip.</param>
    /// <exception cref="InvalidDataException">The file is not a zip, has no DeepMlp part, or its graph is not one MLNetDeep writes; the message says what was looked for.</exception>
    /// <exception cref="NotSupportedException">The network is a TabM or TabM-mini one, whose layer table is not read back from a zip yet.</exception>
    public static DeepMlpModelSummary FromZip(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.OpenRead(path);
        return OnnxSummaryReader.Read(stream, $"'{path}'");
    }

    /// <summary>The summary of the DeepMlp part of a model zip read from <paramref name="stream"/>; see <see cref="FromZip(string)"/>.</summary>
    /// <param name="stream">A readable, seekable stream holding the zip; it stays open.</param>
    /// <exception cref="InvalidDataException">The stream is not a zip, has no DeepMlp part, or its graph is not one MLNetDeep writes.</exception>
    /// <exception cref="NotSupportedException">The network is a TabM or TabM-mini one.</exception>
    public static DeepMlpModelSummary FromZip(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return OnnxSummaryReader.Read(stream, "in the stream");
    }

    /// <summary>
    /// An aligned text table, one row per layer (name and type, output shape, activation, normalization, dropout,
    /// parameters) after the input row, then the totals; <c>-</c> means none, <c>?</c> unknown. For example:
    /// <code>
    /// Layer (type)         Output shape  Activation  Normalization  Dropout  Parameters
    /// =================================================================================
    /// input (Input)        [batch, 4]    -           -              -                 0
    /// hidden_1 (Dense)     [batch, 8]    ReLU        LayerNorm      0.1              56
    /// hidden_2 (Residual)  [batch, 8]    ReLU        LayerNorm      0.1              88
    /// output (Dense)       [batch, 3]    -           -              -                27
    /// =================================================================================
    /// Total parameters: 171
    /// </code>
    /// </summary>
    public override string ToString() => ModelSummaryTable.Render(this);
}

/// <summary>The missing-value part of a summary: the feature column's width and the slots imputed in training.</summary>
internal sealed record MissingValuesPart(int FeatureCount, IReadOnlyList<ImputedSlot> Slots);
