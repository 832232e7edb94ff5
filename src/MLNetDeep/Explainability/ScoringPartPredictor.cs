using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Explainability;

/// <summary>
/// A DeepMlp part found in a pipeline (fitted or loaded from a zip), seen as the single-feature prediction transformer
/// ML.NET's typed <c>PermutationFeatureImportance</c> takes. Its <see cref="Model"/> is the part itself.
/// </summary>
internal sealed class ScoringPartPredictor : ISingleFeaturePredictionTransformer<ITransformer>
{
    private readonly ScoringPart _part;

    public ScoringPartPredictor(ScoringPart part)
    {
        ArgumentNullException.ThrowIfNull(part);
        _part = part;
    }

    public ITransformer Model => _part.Scorer;

    public string FeatureColumnName => _part.FeatureColumnName;

    public DataViewType FeatureColumnType => _part.FeatureColumnType;

    public bool IsRowToRowMapper => _part.Scorer.IsRowToRowMapper;

    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _part.Scorer.GetOutputSchema(inputSchema);

    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => _part.Scorer.GetRowToRowMapper(inputSchema);

    public IDataView Transform(IDataView input) => _part.Scorer.Transform(input);

    void ICanSaveModel.Save(ModelSaveContext ctx) => _part.Scorer.Save(ctx);
}
