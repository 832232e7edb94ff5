using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Explainability;

/// <summary>
/// A DeepMlp part found in a pipeline (fitted or loaded from a zip), seen as the single-feature prediction transformer
/// ML.NET's typed <c>PermutationFeatureImportance</c> takes. Its <see cref="Model"/> is the part itself. A part with key
/// columns is seen through a combined column (the features, then one raw key per key column), so that ML.NET permutes
/// each categorical column as one more slot.
/// </summary>
internal sealed class ScoringPartPredictor : ISingleFeaturePredictionTransformer<ITransformer>
{
    /// <summary>The combined column a part with key columns is permuted through.</summary>
    public const string CombinedColumnName = Embeddings.CategoricalInputs.HiddenPrefix + "Importance";

    private readonly ScoringPart _part;
    private readonly IReadOnlyList<(string Name, KeyDataViewType Type)> _keys;
    private readonly int _featureCount;

    /// <param name="part">The DeepMlp part.</param>
    /// <param name="featurized">The featurized data's schema (the key columns' types).</param>
    public ScoringPartPredictor(ScoringPart part, DataViewSchema featurized)
    {
        ArgumentNullException.ThrowIfNull(part);
        _part = part;
        _keys = [.. part.KeyColumns.Select(name => (name, (KeyDataViewType)featurized[name].Type))];
        _featureCount = part.FeatureColumnType is VectorDataViewType vector ? vector.Size : 1;
        FeatureColumnName = _keys.Count == 0 ? part.FeatureColumnName : CombinedColumnName;
        FeatureColumnType = _keys.Count == 0 ? part.FeatureColumnType : new VectorDataViewType(NumberDataViewType.Single, _featureCount + _keys.Count);
    }

    public ITransformer Model => _part.Scorer;

    /// <summary>The feature column, or with key columns the combined column (features, then raw keys) whose slots are permuted.</summary>
    public string FeatureColumnName { get; }

    public DataViewType FeatureColumnType { get; }

    public bool IsRowToRowMapper => _part.Scorer.IsRowToRowMapper;

    /// <summary>The featurized data as this predictor reads it: with key columns, the combined column added.</summary>
    public IDataView Prepare(MLContext mlContext, IDataView featurized)
    {
        if (_keys.Count == 0)
            return featurized;
        return Embeddings.CategoricalInputs.AppendKeyValues(mlContext, featurized, _part.FeatureColumnName, [.. _keys.Select(k => k.Name)], CombinedColumnName);
    }

    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _part.Scorer.GetOutputSchema(Split(new Embeddings.SchemaOnlyView(inputSchema)).Schema);

    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => _part.Scorer.GetRowToRowMapper(Split(new Embeddings.SchemaOnlyView(inputSchema)).Schema);

    public IDataView Transform(IDataView input) => _part.Scorer.Transform(Split(input));

    void ICanSaveModel.Save(ModelSaveContext ctx) => _part.Scorer.Save(ctx);

    /// <summary>The input with the feature and key columns read back from the (permuted) combined column.</summary>
    private IDataView Split(IDataView input) =>
        _keys.Count == 0 ? input : new KeySlotsView(input, CombinedColumnName, _part.FeatureColumnName, _featureCount, _keys);
}
