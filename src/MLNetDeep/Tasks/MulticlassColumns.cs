using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Models;

namespace MLNetDeep.Tasks;

/// <summary>
/// The ML.NET side of <see cref="MulticlassClassificationTask"/>: the promised output columns and the lookup that
/// turns the predicted class index into a key of the label's key type, carrying its class names.
/// </summary>
internal static class MulticlassColumns
{
    public const string Score = "Score";
    public const string PredictedLabel = "PredictedLabel";

    /// <summary>Score (Single vector of the class count) and PredictedLabel (the label's key type with its KeyValues).</summary>
    public static SchemaDefinition Definition(int classCount, SchemaShape.Column label)
    {
        // A schema shape may not know the class count (MapValueToKey learns it at Fit); the shape does not carry it.
        int count = label.ItemType is KeyDataViewType { Count: > 0 and <= int.MaxValue } known ? (int)known.Count : Math.Max(classCount, 2);
        var definition = SchemaDefinition.Create(typeof(Output));
        definition[nameof(Output.Score)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, count);
        SchemaDefinition.Column predicted = definition[nameof(Output.PredictedLabel)];
        // Estimators describe keys as IsKey with a UInt32 item type and no count; fitted schemas give the key type.
        var labelKey = label.ItemType as KeyDataViewType ?? new KeyDataViewType(typeof(uint), count);
        predicted.ColumnType = labelKey;
        SchemaShape.Column? names = label.Annotations.Where(c => c.Name == KeyValuesAnnotation.Kind).Cast<SchemaShape.Column?>().FirstOrDefault();
        if (names is { ItemType: PrimitiveDataViewType itemType })
            KeyValuesAnnotation.AddPlaceholder(predicted, new VectorDataViewType(itemType, (int)labelKey.Count));
        return definition;
    }

    /// <summary>Class index (0-based) → key of the label's key type, carrying a copy of the label's class names.</summary>
    public static IDataView ClassLookup(MLContext mlContext, int classCount, DataViewSchema.Column? label)
    {
        var definition = SchemaDefinition.Create(typeof(ClassLookupRow));
        SchemaDefinition.Column keyColumn = definition[nameof(ClassLookupRow.Key)];
        keyColumn.ColumnType = PredictedKeyType(classCount, label);
        if (label is { } labelColumn)
            KeyValuesAnnotation.CopyTo(labelColumn, keyColumn);

        // Key fields of LoadFromEnumerable rows hold 0-based key indices.
        var rows = Enumerable.Range(0, classCount).Select(i => new ClassLookupRow { Index = (uint)i, Key = (uint)i }).ToList();
        return mlContext.Data.LoadFromEnumerable(rows, definition);
    }

    /// <summary>The key type <c>PredictedLabel</c> gets: the label's, which must have as many classes as the network outputs.</summary>
    public static KeyDataViewType PredictedKeyType(int classCount, DataViewSchema.Column? label)
    {
        if (label is not { Type: KeyDataViewType key })
            return new KeyDataViewType(typeof(uint), classCount);
        if (key.Count != (ulong)classCount)
            throw new InvalidOperationException($"Label column '{label.Value.Name}' has {key.Count} classes, but the network has {classCount} outputs.");
        if (key.RawType != typeof(uint))
            throw new NotSupportedException($"Label column '{label.Value.Name}' is a key of {key.RawType.Name}; only UInt32 keys (as made by MapValueToKey) are supported.");
        return key;
    }

    /// <summary>The multiclass prediction columns; their exact types come from the schema definition.</summary>
    public sealed class Output
    {
        public float[] Score { get; set; } = [];

        public uint PredictedLabel { get; set; }
    }

    public sealed class ClassLookupRow
    {
        public uint Index { get; set; }

        public uint Key { get; set; }
    }
}
