using System.Globalization;
using MLNetDeep.Models;
using MLNetDeep.Snapshots;

namespace MLNetDeep;

/// <summary>
/// A read-only description of a trained network for <typeparamref name="TTask"/>: what
/// <c>model.LastTransformer.Model</c> gives, like the <c>Model</c> of ML.NET's own prediction transformers. It
/// describes the network the model scores with (layer sizes, activation, normalization, parameter count) and what
/// happened during training (<see cref="History"/>); <see cref="ToString"/> gives a one-line summary.
/// </summary>
/// <typeparam name="TTask">The task the network was trained for.</typeparam>
public sealed class DeepMlpModel<TTask>
    where TTask : PredictionTask
{
    private readonly IReadOnlyDictionary<string, string>? _recordedOptions;

    internal DeepMlpModel(EnsembleSnapshot network, TrainingHistory history, RunRecord? runRecord = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(history);
        Task = network.Task as TTask
            ?? throw new ArgumentException($"The network was trained for {network.Task.Name}, not for the task {typeof(TTask).Name}.", nameof(network));
        Network = network;
        History = history;
        _recordedOptions = runRecord?.Options;

        var shape = NetworkShape.Of(network.Members[0]);
        HiddenLayerSizes = shape.HiddenLayerSizes;
        OutputSize = shape.OutputSize;
        Activation = shape.Activation;
        Normalization = shape.Normalization;
        Architecture = shape.Architecture;
        NumberOfTabMMembers = shape.Members;
        ParameterCount = network.Members.Sum(member => NetworkShape.Of(member).ParameterCount + (member.Embedding?.ParameterCount ?? 0));
    }

    /// <summary>The task, with what training learned about the label (class count, label scaling).</summary>
    public TTask Task { get; }

    /// <summary>The number of values the network's first layer reads: the features plus any missing-value indicators (see <see cref="MissingValues"/>).</summary>
    public int InputSize => Network.InputSize;

    /// <summary>The values the network reads per row: the feature column's width, plus one key value per categorical column (<see cref="DeepMlpOptionsBase.CategoricalColumnNames"/>).</summary>
    public int FeatureCount => Network.FeatureCount;

    /// <summary>The slots that had missing values in training (each replaced and given an indicator input); empty when none had.</summary>
    public IReadOnlyList<ImputedSlot> MissingValues => Network.Imputation?.ImputedSlots ?? [];

    /// <summary>The widths of the hidden layers, input side first; empty for a network without hidden layers (a linear model).</summary>
    public IReadOnlyList<int> HiddenLayerSizes { get; }

    /// <summary>The output layer's width: 1 for binary classification and regression, the class count for multiclass.</summary>
    public int OutputSize { get; }

    /// <summary>The activation after each hidden layer; null when there are no hidden layers.</summary>
    public Activation? Activation { get; }

    /// <summary>The normalization after each hidden linear layer (<see cref="MLNetDeep.Normalization.None"/> when there is none).</summary>
    public Normalization Normalization { get; }

    /// <summary>The network family: <see cref="MLNetDeep.Architecture.ResNet"/> when some hidden layers are residual blocks (y = x + f(x)), TabM or TabM-mini, else Mlp.</summary>
    public Architecture Architecture { get; }

    /// <summary>TabM's members averaged inside each network (1 for the other architectures).</summary>
    public int NumberOfTabMMembers { get; }

    /// <summary>The number of trained parameters (weights, biases, TabM's scalings, normalization scales and shifts) of every network together.</summary>
    public long ParameterCount { get; }

    /// <summary>The number of networks averaged (1 unless <see cref="DeepMlpOptionsBase.EnsembleSize"/> was larger).</summary>
    public int EnsembleSize => Network.Members.Count;

    /// <summary>What happened during training, one row per epoch (the same object as the transformer's <c>History</c>).</summary>
    public TrainingHistory History { get; }

    internal EnsembleSnapshot Network { get; }

    /// <summary>
    /// The network layer by layer (output shapes, activation, normalization, dropout, parameters), as a table with
    /// <see cref="DeepMlpModelSummary.ToString"/>; its <see cref="DeepMlpModelSummary.TotalParameters"/> is <see cref="ParameterCount"/>.
    /// </summary>
    public DeepMlpModelSummary GetModelSummary() => ModelSummaryBuilder.FromNetwork(Network, _recordedOptions);

    /// <summary>A one-line summary, for example <c>DeepMlp multiclass: 4 → 64 → 32 → 3, ReLU, LayerNorm, 2,531 parameters, 40 epochs</c>.</summary>
    public override string ToString()
    {
        var culture = CultureInfo.InvariantCulture;
        int[] widths = Network.Members[0].Embedding is { Plan: var plan } ? [InputSize, plan.OutputWidth] : [InputSize];
        var parts = new List<string> { string.Join(" → ", widths.Concat(HiddenLayerSizes).Append(OutputSize)) };
        if (Activation is { } activation)
            parts.Add(activation.ToString());
        if (Normalization != Normalization.None)
            parts.Add(Normalization.ToString());
        if (Architecture != Architecture.Mlp)
            parts.Add(NumberOfTabMMembers > 1 ? string.Format(culture, "{0} of {1} members", Architecture, NumberOfTabMMembers) : Architecture.ToString());
        parts.Add(string.Format(culture, "{0:N0} parameters", ParameterCount));
        if (EnsembleSize > 1)
            parts.Add(string.Format(culture, "ensemble of {0}", EnsembleSize));
        parts.Add(string.Format(culture, "{0} epochs", History.Epochs.Count));
        return $"DeepMlp {Task.Name}: {string.Join(", ", parts)}";
    }
}
