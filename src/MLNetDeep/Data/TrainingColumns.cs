using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Data;

/// <summary>The prediction task a trainer solves; decides the accepted label type.</summary>
internal enum PredictionKind
{
    Binary,
    Multiclass,
    Regression,
}

/// <summary>The columns a fit reads, resolved against a schema and checked with messages that say what to do.</summary>
internal sealed class TrainingColumns
{
    private TrainingColumns(DataViewSchema.Column features, DataViewSchema.Column label, DataViewSchema.Column? weight, int featureCount, int classCount)
    {
        Features = features;
        Label = label;
        Weight = weight;
        FeatureCount = featureCount;
        ClassCount = classCount;
    }

    public DataViewSchema.Column Features { get; }

    public DataViewSchema.Column Label { get; }

    public DataViewSchema.Column? Weight { get; }

    public int FeatureCount { get; }

    /// <summary>Number of classes (the label key's count) for multiclass; 0 otherwise.</summary>
    public int ClassCount { get; }

    public IEnumerable<DataViewSchema.Column> All => Weight is { } w ? [Features, Label, w] : [Features, Label];

    public static TrainingColumns Resolve(DataViewSchema schema, DeepMlpOptionsBase options, PredictionKind kind, string dataName)
    {
        var features = Find(schema, options.FeatureColumnName, "Feature", nameof(options.FeatureColumnName), dataName);
        if (features.Type is not VectorDataViewType { ItemType: NumberDataViewType n } vector || n.RawType != typeof(float))
            throw new ArgumentException($"Feature column '{features.Name}' is of type '{features.Type}', but must be a known-size vector of Single. "
                + "Combine feature columns with mlContext.Transforms.Concatenate and convert numbers with mlContext.Transforms.Conversion.ConvertType.");
        if (!vector.IsKnownSize)
            throw new ArgumentException($"Feature column '{features.Name}' is a vector of variable size, but must have a known size. "
                + "Make sure every row has the same number of features (for text, use a featurizer with a fixed output size).");

        var label = Find(schema, options.LabelColumnName, "Label", nameof(options.LabelColumnName), dataName);
        int classCount = CheckLabel(label, kind);

        DataViewSchema.Column? weight = null;
        if (options.ExampleWeightColumnName is { } weightName)
        {
            weight = Find(schema, weightName, "Example weight", nameof(options.ExampleWeightColumnName), dataName);
            if (weight.Value.Type != NumberDataViewType.Single)
                throw new ArgumentException($"Example weight column '{weightName}' is of type '{weight.Value.Type}', but must be Single.");
        }

        return new TrainingColumns(features, label, weight, vector.Size, classCount);
    }

    private static DataViewSchema.Column Find(DataViewSchema schema, string name, string role, string optionName, string dataName)
    {
        if (schema.GetColumnOrNull(name) is { } column && !column.IsHidden)
            return column;
        var available = string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}'"));
        throw new ArgumentOutOfRangeException(optionName,
            $"{role} column '{name}' was not found in the {dataName}. Available columns: {available}. Set {optionName} to the column to use.");
    }

    private static int CheckLabel(DataViewSchema.Column label, PredictionKind kind)
    {
        switch (kind)
        {
            case PredictionKind.Binary when label.Type != BooleanDataViewType.Instance:
                throw new ArgumentException($"Label column '{label.Name}' is of type '{label.Type}', but must be Boolean. "
                    + "Map other labels to true/false first, e.g. with mlContext.Transforms.CustomMapping or by loading the column as Boolean.");
            case PredictionKind.Multiclass:
                if (label.Type is not KeyDataViewType key)
                    throw new ArgumentException($"Label column '{label.Name}' is of type '{label.Type}', but must be a key type. "
                        + "Convert it with mlContext.Transforms.Conversion.MapValueToKey.");
                if (key.Count < 2)
                    throw new ArgumentException($"Label column '{label.Name}' has {key.Count} class(es), but multiclass classification needs at least 2.");
                if (key.Count > int.MaxValue)
                    throw new ArgumentException($"Label column '{label.Name}' has {key.Count} classes, more than DeepMlp supports ({int.MaxValue}).");
                return (int)key.Count;
            case PredictionKind.Regression when label.Type != NumberDataViewType.Single:
                throw new ArgumentException($"Label column '{label.Name}' is of type '{label.Type}', but must be Single. "
                    + "Convert it with mlContext.Transforms.Conversion.ConvertType(..., outputKind: DataKind.Single).");
        }
        return 0;
    }
}
