using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Data;

namespace MLNetDeep;

/// <summary>The column checks of <see cref="TrainingColumns"/>, on a schema shape (for GetOutputSchema).</summary>
internal static class SchemaShapeChecks
{
    /// <summary>Checks the feature, label and weight columns and returns the label column.</summary>
    public static SchemaShape.Column Check(SchemaShape input, DeepMlpOptionsBase options, PredictionKind kind)
    {
        var features = Find(input, options.FeatureColumnName, "Feature", nameof(options.FeatureColumnName));
        if (features.Kind != SchemaShape.Column.VectorKind.Vector || features.ItemType != NumberDataViewType.Single)
            throw new ArgumentException($"Feature column '{features.Name}' is of type '{Describe(features)}', but must be a known-size vector of Single. "
                + "Combine feature columns with mlContext.Transforms.Concatenate.");

        var label = Find(input, options.LabelColumnName, "Label", nameof(options.LabelColumnName));
        bool scalar = label.Kind == SchemaShape.Column.VectorKind.Scalar;
        switch (kind)
        {
            case PredictionKind.Binary when !scalar || label.ItemType != BooleanDataViewType.Instance:
                throw new ArgumentException($"Label column '{label.Name}' is of type '{Describe(label)}', but must be Boolean.");
            case PredictionKind.Multiclass when !scalar || !label.IsKey:
                throw new ArgumentException($"Label column '{label.Name}' is of type '{Describe(label)}', but must be a key type. "
                    + "Convert it with mlContext.Transforms.Conversion.MapValueToKey.");
            case PredictionKind.Multiclass when label.ItemType is KeyDataViewType { Count: < 2 }:
                throw new ArgumentException($"Label column '{label.Name}' has {((KeyDataViewType)label.ItemType).Count} class(es), but multiclass classification needs at least 2.");
            case PredictionKind.Regression when !scalar || label.ItemType != NumberDataViewType.Single:
                throw new ArgumentException($"Label column '{label.Name}' is of type '{Describe(label)}', but must be Single.");
        }

        if (options.ExampleWeightColumnName is { } weightName)
        {
            var weight = Find(input, weightName, "Example weight", nameof(options.ExampleWeightColumnName));
            if (weight.Kind != SchemaShape.Column.VectorKind.Scalar || weight.ItemType != NumberDataViewType.Single)
                throw new ArgumentException($"Example weight column '{weightName}' is of type '{Describe(weight)}', but must be Single.");
        }
        return label;
    }

    private static SchemaShape.Column Find(SchemaShape input, string name, string role, string optionName)
    {
        foreach (var column in input)
        {
            if (column.Name == name)
                return column;
        }
        var available = string.Join(", ", input.Select(c => $"'{c.Name}'"));
        throw new ArgumentOutOfRangeException(optionName,
            $"{role} column '{name}' was not found in the input schema. Available columns: {available}. Set {optionName} to the column to use.");
    }

    private static string Describe(SchemaShape.Column c) => c.Kind switch
    {
        SchemaShape.Column.VectorKind.Scalar => c.ItemType.ToString() ?? "?",
        SchemaShape.Column.VectorKind.Vector => $"Vector<{c.ItemType}>",
        _ => $"Vector<{c.ItemType}> of variable size",
    };
}
