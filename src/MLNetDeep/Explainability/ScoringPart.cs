using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Onnx;
using MLNetDeep.Scoring;

namespace MLNetDeep.Explainability;

/// <summary>
/// Where the DeepMlp network sits in a fitted or loaded pipeline: the transformers before it (the featurization), the
/// part that scores, and the feature column it reads. In process the part is a <see cref="DeepMlpTransformer"/>; in a
/// model loaded from a zip it is the chain that transformer saved (an ONNX transform whose outputs carry the
/// MLNetDeep.Scoring names, then the head adapters).
/// </summary>
/// <param name="Featurization">The transformers that run before the network, in order.</param>
/// <param name="Scorer">The DeepMlp part.</param>
/// <param name="FeatureColumnName">The column the network reads.</param>
/// <param name="FeatureColumnType">That column's type after the featurization.</param>
internal sealed record ScoringPart(IReadOnlyList<ITransformer> Featurization, ITransformer Scorer, string FeatureColumnName, DataViewType FeatureColumnType)
{
    /// <summary>The key columns the network embeds beside the features (its other inputs), in the schema the part reads.</summary>
    public IReadOnlyList<string> KeyColumns { get; init; } = [];

    /// <summary><paramref name="data"/> through the featurization: what the network's feature column is computed from.</summary>
    public IDataView Featurize(IDataView data) => Featurization.Aggregate(data, (view, transformer) => transformer.Transform(view));

    /// <summary>The first DeepMlp part of <paramref name="model"/> applied to data of <paramref name="inputSchema"/>.</summary>
    /// <exception cref="ArgumentException">The model has no DeepMlp part.</exception>
    public static ScoringPart Find(ITransformer model, DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputSchema);
        var before = new List<ITransformer>();
        var schema = inputSchema;
        return TryFind(model, ref schema, before)
            ?? throw new ArgumentException(
                "The model has no DeepMlp part (neither a fitted DeepMlpTransformer nor the ONNX scoring chain a saved one loads as). "
                + "For models of other trainers use ML.NET's own PermutationFeatureImportance.", nameof(model));
    }

    private static ScoringPart? TryFind(ITransformer transformer, ref DataViewSchema schema, List<ITransformer> before)
    {
        if (InputsOf(transformer, schema) is [var feature, .. var keys])
            return new ScoringPart([.. before], transformer, feature, schema[feature].Type) { KeyColumns = keys };
        if (transformer is IEnumerable<ITransformer> chain)
        {
            foreach (var part in chain)
            {
                if (TryFind(part, ref schema, before) is { } found)
                    return found;
            }
            return null;
        }
        schema = transformer.GetOutputSchema(schema);
        before.Add(transformer);
        return null;
    }

    /// <summary>The feature column when <paramref name="transformer"/> is a DeepMlp part; otherwise null.</summary>
    /// <summary>The DeepMlp part's inputs, the feature column first, then its key columns; null when it is no DeepMlp part.</summary>
    private static string[]? InputsOf(ITransformer transformer, DataViewSchema schema)
    {
        if (transformer is DeepMlpTransformer fitted)
            return [fitted.FeatureColumnName, .. fitted.CategoricalColumnNames];
        if (transformer is not IEnumerable<ITransformer> chain || chain.FirstOrDefault() is not OnnxTransformer onnx)
            return null;

        IRowToRowMapper mapper;
        try
        {
            mapper = ((ITransformer)onnx).GetRowToRowMapper(schema);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or InvalidOperationException)
        {
            return null; // An ONNX model that cannot read this schema is not the DeepMlp network of this pipeline.
        }

        var added = mapper.OutputSchema.Where(c => c.Index >= schema.Count).ToList();
        if (!added.Any(c => c.Name.StartsWith(ScoringColumnNames.Prefix, StringComparison.Ordinal)))
            return null;
        var inputs = mapper.GetDependencies(added).Select(c => c.Name).Distinct().ToList();
        var features = inputs.Where(name => schema[name].Type is VectorDataViewType).ToList();
        if (features.Count != 1 || inputs.Except(features).Any(name => schema[name].Type is not KeyDataViewType))
            return null;
        return [features[0], .. inputs.Except(features)];
    }
}
