using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Onnx;
using MLNetDeep.Scoring;

namespace MLNetDeep.Models;

/// <summary>The columns a fitted MLNetDeep model adds: the same names and types as ML.NET's own trainers.</summary>
internal static class PredictionColumns
{
    public const string Score = "Score";
    public const string Probability = "Probability";
    public const string PredictedLabel = "PredictedLabel";

    /// <summary>
    /// The estimators' output shape: <paramref name="input"/> with the prediction columns of <paramref name="head"/>
    /// appended (replacing input columns of the same names). Binary: Score, Probability (Single), PredictedLabel
    /// (Boolean). Multiclass: Score (Single vector of the class count), PredictedLabel (the label's key type with its
    /// KeyValues). Regression: Score (Single).
    /// </summary>
    /// <remarks>
    /// <c>SchemaShape.Column</c>'s constructor and <c>SchemaShape.Create</c> are internal in ML.NET 5.0.1, so the
    /// shape comes from a stock estimator: a never-run <c>CustomMapping</c> with no inputs whose output schema
    /// definition declares the prediction columns.
    /// </remarks>
    internal static SchemaShape AppendOutputColumns(SchemaShape input, NetworkHead head, SchemaShape.Column? label)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(head);

        var transforms = new MLContext().Transforms;
        return head switch
        {
            BinaryHead => transforms.CustomMapping<NoInput, BinaryHeadOutput>(static (_, _) => { }, null).GetOutputSchema(input),
            RegressionHead => transforms.CustomMapping<NoInput, RegressionHeadOutput>(static (_, _) => { }, null).GetOutputSchema(input),
            MulticlassHead multiclass => transforms.CustomMapping<NoInput, MulticlassOutput>(
                static (_, _) => { }, null, outputSchemaDefinition: MulticlassDefinition(multiclass.ClassCount, label)).GetOutputSchema(input),
            _ => throw new NotSupportedException($"Head type '{head.GetType().Name}' is not supported."),
        };
    }

    private static SchemaDefinition MulticlassDefinition(int classCount, SchemaShape.Column? label)
    {
        var definition = SchemaDefinition.Create(typeof(MulticlassOutput));
        definition[nameof(MulticlassOutput.Score)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, classCount);
        SchemaDefinition.Column predicted = definition[nameof(MulticlassOutput.PredictedLabel)];
        // Estimators describe keys as IsKey with a UInt32 item type and no count; fitted schemas give the key type.
        var labelKey = label is { ItemType: KeyDataViewType k } ? k : new KeyDataViewType(typeof(uint), classCount);
        predicted.ColumnType = labelKey;
        if (label is not { IsKey: true } keyLabel)
        {
            return definition;
        }

        SchemaShape.Column? names = keyLabel.Annotations.Where(c => c.Name == KeyValuesAnnotation.Kind).Cast<SchemaShape.Column?>().FirstOrDefault();
        if (names is { ItemType: PrimitiveDataViewType itemType })
        {
            KeyValuesAnnotation.AddPlaceholder(predicted, new VectorDataViewType(itemType, (int)labelKey.Count));
        }

        return definition;
    }

    /// <summary>An input type with no columns: the probe mapping reads nothing.</summary>
    public sealed class NoInput;

    /// <summary>The multiclass prediction columns; their exact types come from the schema definition.</summary>
    public sealed class MulticlassOutput
    {
        public float[] Score { get; set; } = [];

        public uint PredictedLabel { get; set; }
    }
}
