using System.Globalization;
using MLNetDeep.Snapshots;

namespace MLNetDeep.Models;

/// <summary>Builds a <see cref="DeepMlpModelSummary"/> from a trained network and the options its run record kept.</summary>
internal static class ModelSummaryBuilder
{
    /// <summary>The summary of <paramref name="network"/>; dropout rates come from <paramref name="recordedOptions"/> (a run record's options), unknown without them.</summary>
    public static DeepMlpModelSummary FromNetwork(EnsembleSnapshot network, IReadOnlyDictionary<string, string>? recordedOptions)
    {
        ArgumentNullException.ThrowIfNull(network);
        var members = network.Members.Select(member => Layers(member, recordedOptions)).ToList();
        MissingValuesPart? missing = network.Imputation is { } imputation ? new(imputation.FeatureCount, imputation.ImputedSlots) : null;
        return new DeepMlpModelSummary(network.InputSize, members[0], members.Count, members.Sum(layers => layers.Sum(layer => layer.ParameterCount)), missing);
    }

    /// <summary>
    /// The dropout rate of each of <paramref name="hiddenLayers"/> hidden layers as a fit used them
    /// (<see cref="DeepMlpOptionsBase.DropoutRates"/>, else <see cref="DeepMlpOptionsBase.DropoutRate"/> for every layer),
    /// read from a run record's options; null when they are missing or unreadable.
    /// </summary>
    public static IReadOnlyList<double>? DropoutRates(IReadOnlyDictionary<string, string>? recordedOptions, int hiddenLayers)
    {
        if (recordedOptions is null || !recordedOptions.TryGetValue(nameof(DeepMlpOptionsBase.DropoutRate), out string? single))
            return null;
        if (recordedOptions.TryGetValue(nameof(DeepMlpOptionsBase.DropoutRates), out string? list) && list != "null")
        {
            var rates = list.Trim('[', ']').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Rate).ToList();
            return rates.Count == hiddenLayers && rates.All(rate => rate is not null) ? [.. rates.Select(rate => rate!.Value)] : null;
        }
        return Rate(single) is { } rate ? Enumerable.Repeat(rate, hiddenLayers).ToList() : null;
    }

    private static double? Rate(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double rate) ? rate : null;

    /// <summary>One member's layers: a hidden layer per dense layer but the last (with what follows it), then the output layer.</summary>
    private static List<LayerSummary> Layers(NetworkSnapshot member, IReadOnlyDictionary<string, string>? recordedOptions)
    {
        var blocks = new List<(List<SnapshotLayer> Body, bool Residual)>();
        foreach (SnapshotLayer layer in member.Layers)
        {
            switch (layer)
            {
                case ResidualLayer residual:
                    blocks.Add(([.. residual.Body], true));
                    break;
                case LinearSnapshotLayer:
                    blocks.Add(([layer], false));
                    break;
                default:
                    if (blocks.Count == 0 || blocks[^1].Residual)
                        throw new ArgumentException($"A {layer.GetType().Name} follows no dense layer.", nameof(member));
                    blocks[^1].Body.Add(layer);
                    break;
            }
        }

        IReadOnlyList<double>? dropout = DropoutRates(recordedOptions, blocks.Count - 1);
        var layers = new List<LayerSummary>();
        if (member.Embedding is { } embedding)
            layers.Add(LayerSummary.Embedding(embedding.Plan.InputSize, embedding.Plan.OutputWidth, embedding.ParameterCount));
        for (int i = 0; i < blocks.Count; i++)
        {
            var (body, residual) = blocks[i];
            LinearSnapshotLayer dense = body.OfType<LinearSnapshotLayer>().Single();
            long parameters = dense.ParameterCount;
            var normalization = Normalization.None;
            foreach (SnapshotLayer part in body)
            {
                (normalization, parameters) = part switch
                {
                    BatchNormLayer b => (Normalization.BatchNorm, parameters + b.Scale.LongLength + b.Shift.LongLength),
                    LayerNormLayer l => (Normalization.LayerNorm, parameters + l.Scale.LongLength + l.Shift.LongLength),
                    _ => (normalization, parameters),
                };
            }
            layers.Add(i == blocks.Count - 1
                ? LayerSummary.Output(dense.Inputs, dense.Outputs, parameters)
                : new LayerSummary(
                    LayerSummary.HiddenName(i), dense.Inputs, dense.Outputs, body.OfType<ActivationLayer>().FirstOrDefault()?.Kind,
                    normalization, dropout?[i], residual, parameters));
        }
        return layers;
    }
}
