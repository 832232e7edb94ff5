using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Models;
using MLNetDeep.Scoring;

namespace MLNetDeep.Tasks;

/// <summary>
/// The ML.NET side of <see cref="MulticlassClassificationTask"/>: the promised output columns, the scoring adapters
/// and the lookup that turns the predicted class index into a key of the label's key type, carrying its class names.
/// </summary>
internal static class MulticlassColumns
{
    public const string Score = "Score";
    public const string PredictedLabel = "PredictedLabel";
    public const string SlotNamesKind = "SlotNames";

    /// <summary>
    /// Score (Single vector of the class count, with SlotNames) and PredictedLabel (the label's key type with its
    /// KeyValues). Score always has slot names: the class names, or Class0… (see <see cref="ScoreSlotNames"/>).
    /// </summary>
    public static SchemaDefinition Definition(int classCount, SchemaShape.Column label)
    {
        // A schema shape may not know the class count (MapValueToKey learns it at Fit); the shape does not carry it.
        int count = label.ItemType is KeyDataViewType { Count: > 0 and <= int.MaxValue } known ? (int)known.Count : Math.Max(classCount, 2);
        var definition = SchemaDefinition.Create(typeof(Output));
        SchemaDefinition.Column score = definition[nameof(Output.Score)];
        score.ColumnType = new VectorDataViewType(NumberDataViewType.Single, count);
        score.AddAnnotation(SlotNamesKind, new VBuffer<ReadOnlyMemory<char>>(count, 0, [], []), new VectorDataViewType(TextDataViewType.Instance, count));
        SchemaDefinition.Column predicted = definition[nameof(Output.PredictedLabel)];
        // Estimators describe keys as IsKey with a UInt32 item type and no count; fitted schemas give the key type.
        var labelKey = label.ItemType as KeyDataViewType ?? new KeyDataViewType(typeof(uint), count);
        predicted.ColumnType = labelKey;
        SchemaShape.Column? names = label.Annotations.Where(c => c.Name == KeyValuesAnnotation.Kind).Cast<SchemaShape.Column?>().FirstOrDefault();
        if (names is { ItemType: PrimitiveDataViewType itemType })
            KeyValuesAnnotation.AddPlaceholder(predicted, new VectorDataViewType(itemType, (int)labelKey.Count));
        return definition;
    }

    /// <summary>
    /// After the ONNX transform: <see cref="ProbabilityBlockMapping"/> takes the probabilities off their vector as scalars,
    /// a block at a time, and one ConvertType per block renames each scalar after its class; Score concatenates these
    /// columns, so its slots carry the class names; PredictedLabel maps the arg-max to the label's key type; then every
    /// intermediate column, the class-named ones included, is dropped. Blocks and multi-column renames keep the chain
    /// short: per-row cost grows with its length.
    /// </summary>
    public static EstimatorChain<ITransformer> AppendAdapters(MLContext mlContext, EstimatorChain<ITransformer> chain, int classCount, ScoringChainInputs inputs)
    {
        var transforms = mlContext.Transforms;
        IReadOnlyList<string> slotNames = ScoreSlotNames.Choose(classCount, inputs);
        var takeBlock = new ProbabilityBlockMapping().GetMapping();
        chain = chain.Append<ITransformer>(transforms.CopyColumns(ScoringColumnNames.RemainingProbabilities, ScoringColumnNames.MulticlassProbabilities));
        for (int first = 0; first < classCount; first += ProbabilityBlockMapping.BlockSize)
        {
            InputOutputColumnPair[] renames = [.. Enumerable.Range(first, Math.Min(ProbabilityBlockMapping.BlockSize, classCount - first))
                .Select(i => new InputOutputColumnPair(slotNames[i], BlockProbability(i - first)))];
            chain = chain
                .Append<ITransformer>(transforms.CustomMapping(takeBlock, ProbabilityBlockMapping.ContractName))
                .Append<ITransformer>(transforms.Conversion.ConvertType(renames, DataKind.Single));
        }

        IDataView lookup = ClassLookup(mlContext, classCount, inputs.Label);
        string[] intermediate =
        [
            ScoringColumnNames.MulticlassProbabilities, ScoringColumnNames.MulticlassClassIndex, ScoringColumnNames.MulticlassPredictedIndex,
            ScoringColumnNames.RemainingProbabilities, .. Enumerable.Range(0, ProbabilityBlockMapping.BlockSize).Select(BlockProbability), .. slotNames,
        ];
        return chain
            .Append<ITransformer>(transforms.Concatenate(Score, [.. slotNames]))
            .Append<ITransformer>(transforms.CustomMapping(new MulticlassHeadMapping().GetMapping(), MulticlassHeadMapping.ContractName))
            .Append<ITransformer>(transforms.Conversion.MapValue(
                PredictedLabel,
                lookup,
                lookup.Schema[nameof(ClassLookupRow.Index)],
                lookup.Schema[nameof(ClassLookupRow.Key)],
                ScoringColumnNames.MulticlassPredictedIndex))
            .Append<ITransformer>(transforms.DropColumns(intermediate));
    }

    private static string BlockProbability(int index) =>
        ScoringColumnNames.BlockProbabilityPrefix + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

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
