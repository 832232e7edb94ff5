using Microsoft.ML;
using Microsoft.ML.Data;
using VectorKind = Microsoft.ML.SchemaShape.Column.VectorKind;

namespace MLNetDeep.Data;

/// <summary>A column as both a fitted schema and an estimator's schema shape describe it, so one set of rules checks both.</summary>
/// <param name="Name">The column name.</param>
/// <param name="Kind">Scalar, known-size vector or variable-size vector.</param>
/// <param name="ItemType">The item type (the key type itself for keys when known).</param>
/// <param name="IsKey">Whether the items are keys.</param>
/// <param name="Size">The vector size when known; null for scalars, variable vectors and schema shapes.</param>
internal sealed record ColumnFacts(string Name, VectorKind Kind, DataViewType ItemType, bool IsKey, int? Size)
{
    public static ColumnFacts Of(DataViewSchema.Column column) => column.Type switch
    {
        VectorDataViewType v => new(column.Name, v.IsKnownSize ? VectorKind.Vector : VectorKind.VariableVector, v.ItemType, v.ItemType is KeyDataViewType, v.IsKnownSize ? v.Size : null),
        var t => new(column.Name, VectorKind.Scalar, t, t is KeyDataViewType, null),
    };

    public static ColumnFacts Of(SchemaShape.Column column) => new(column.Name, column.Kind, column.ItemType, column.IsKey, null);

    public bool IsScalar => Kind == VectorKind.Scalar;

    /// <summary>The key type when the count is known (fitted schemas); null for non-keys and for keys of a schema shape.</summary>
    public KeyDataViewType? Key => ItemType as KeyDataViewType;

    /// <summary>The type as messages show it, e.g. <c>Single</c>, <c>Vector&lt;Single, 4&gt;</c>.</summary>
    public string TypeDescription => Kind switch
    {
        VectorKind.Scalar => ItemType.ToString() ?? "?",
        VectorKind.Vector => Size is { } n ? $"Vector<{ItemType}, {n}>" : $"Vector<{ItemType}>",
        _ => $"Vector<{ItemType}> of variable size",
    };
}

/// <summary>The feature, label and weight columns after <see cref="ColumnRules.Check"/>.</summary>
/// <param name="Features">The feature column.</param>
/// <param name="Label">The label column.</param>
/// <param name="Weight">The example weight column, or null.</param>
/// <param name="ClassCount">What the task's label rule returned (classes; 0 for regression or when a shape does not know).</param>
internal sealed record CheckedColumns(ColumnFacts Features, ColumnFacts Label, ColumnFacts? Weight, int ClassCount);

/// <summary>
/// The one set of column rules, used by <c>GetOutputSchema</c> on schema shapes and by <c>Fit</c> on data: the feature
/// column is a known-size vector of Single, the label has a type the task accepts, the optional weight is Single.
/// Every failure names the column, its type and what to do.
/// </summary>
internal static class ColumnRules
{
    /// <param name="columns">The visible columns.</param>
    /// <param name="options">The trainer options (column names).</param>
    /// <param name="task">Decides the accepted label types.</param>
    /// <param name="source">Where the columns come from, for messages: "training data", "input schema", ...</param>
    public static CheckedColumns Check(IReadOnlyList<ColumnFacts> columns, DeepMlpOptionsBase options, PredictionTask task, string source)
    {
        var features = Find(columns, options.FeatureColumnName, "Feature", nameof(options.FeatureColumnName), source);
        if (features.IsScalar || features.ItemType != NumberDataViewType.Single)
            throw SchemaMismatch(nameof(options.FeatureColumnName), $"Feature column '{features.Name}' is of type '{features.TypeDescription}', but must be a known-size vector of Single. "
                + "Combine feature columns with mlContext.Transforms.Concatenate and convert numbers with mlContext.Transforms.Conversion.ConvertType.");
        if (features.Kind == VectorKind.VariableVector)
            throw SchemaMismatch(nameof(options.FeatureColumnName), $"Feature column '{features.Name}' is a vector of variable size, but must have a known size. "
                + "Make sure every row has the same number of features (for text, use a featurizer with a fixed output size).");

        var label = Find(columns, options.LabelColumnName, "Label", nameof(options.LabelColumnName), source);
        int classCount = task.CheckLabel(label);

        ColumnFacts? weight = null;
        if (options.ExampleWeightColumnName is { } weightName)
        {
            weight = Find(columns, weightName, "Example weight", nameof(options.ExampleWeightColumnName), source);
            if (!weight.IsScalar || weight.ItemType != NumberDataViewType.Single)
                throw SchemaMismatch(nameof(options.ExampleWeightColumnName), $"Example weight column '{weightName}' is of type '{weight.TypeDescription}', but must be Single.");
        }
        return new CheckedColumns(features, label, weight, classCount);
    }

    /// <summary>The visible columns of a fitted schema (a hidden column never shadows the visible one of its name).</summary>
    public static IReadOnlyList<ColumnFacts> Of(DataViewSchema schema) => [.. schema.Where(c => !c.IsHidden).Select(ColumnFacts.Of)];

    /// <summary>The columns of an estimator's schema shape.</summary>
    public static IReadOnlyList<ColumnFacts> Of(SchemaShape shape) => [.. shape.Select(ColumnFacts.Of)];

    /// <summary>
    /// A column's presence, type or size does not fit: an <see cref="ArgumentOutOfRangeException"/>, as ML.NET's
    /// trainers report schema mismatches and as its estimator workout test expects. Option values that are invalid
    /// in themselves stay <see cref="ArgumentException"/>.
    /// </summary>
    /// <param name="paramName">The option that chose the column (e.g. LabelColumnName), or the argument holding the data.</param>
    /// <param name="message">What is wrong and what to do.</param>
    public static ArgumentOutOfRangeException SchemaMismatch(string paramName, string message) => new(paramName, message);

    private static ColumnFacts Find(IReadOnlyList<ColumnFacts> columns, string name, string role, string optionName, string source)
    {
        if (columns.LastOrDefault(c => c.Name == name) is { } column)
            return column;
        var available = string.Join(", ", columns.Select(c => $"'{c.Name}'"));
        throw SchemaMismatch(optionName,
            $"{role} column '{name}' was not found in the {source}. Available columns: {available}. Set {optionName} to the column to use.");
    }
}
