using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Onnx;
using MLNetDeep.Scoring;

namespace MLNetDeep.Models;

/// <summary>
/// Builds the ML.NET chain a fitted model scores and saves with: OnnxTransformer (the exported graph) → the
/// stateless head adapters of MLNetDeep.Scoring → (multiclass) MapValue to the label's key type → drop the
/// intermediate columns. Every part is stock ML.NET, so <c>mlContext.Model.Load</c> restores it.
/// </summary>
internal static class ScoringChain
{
    /// <summary>The key type and class names <c>PredictedLabel</c> gets for a multiclass head.</summary>
    internal static KeyDataViewType PredictedKeyType(MulticlassHead head, DataViewSchema.Column? label)
    {
        if (label is not { Type: KeyDataViewType key })
        {
            return new KeyDataViewType(typeof(uint), head.ClassCount);
        }

        if (key.Count != (ulong)head.ClassCount)
        {
            throw new InvalidOperationException(
                $"Label column '{label.Value.Name}' has {key.Count} classes, but the network has {head.ClassCount} outputs.");
        }

        if (key.RawType != typeof(uint))
        {
            throw new NotSupportedException(
                $"Label column '{label.Value.Name}' is a key of {key.RawType.Name}; only UInt32 keys (as made by MapValueToKey) are supported.");
        }

        return key;
    }

    internal static TransformerChain<ITransformer> Fit(
        MLContext mlContext, EnsembleSnapshot network, string featureColumnName, DataViewSchema.Column? label)
    {
        OnnxOutputNames names = OnnxOutputNames.ForHead(network.Head);
        byte[] onnx = OnnxExporter.Export(network, featureColumnName, names);
        using var onnxStream = new MemoryStream(onnx, writable: false);
        var pipeline = new EstimatorChain<ITransformer>()
            .Append<ITransformer>(mlContext.Transforms.ApplyOnnxModel(names.For(network.Head), [featureColumnName], onnxStream));
        pipeline = AppendHead(pipeline, mlContext, network.Head, label);
        return pipeline.Fit(EmptyInput(mlContext, featureColumnName, network.InputSize));
    }

    private static EstimatorChain<ITransformer> AppendHead(
        EstimatorChain<ITransformer> pipeline, MLContext mlContext, NetworkHead head, DataViewSchema.Column? label)
    {
        var transforms = mlContext.Transforms;
        switch (head)
        {
            case BinaryHead:
                return pipeline
                    .Append<ITransformer>(transforms.CustomMapping(new BinaryHeadMapping().GetMapping(), BinaryHeadMapping.ContractName))
                    .Append<ITransformer>(transforms.DropColumns(ScoringColumnNames.BinaryLogit, ScoringColumnNames.BinaryProbability));
            case RegressionHead:
                return pipeline
                    .Append<ITransformer>(transforms.CustomMapping(new RegressionHeadMapping().GetMapping(), RegressionHeadMapping.ContractName))
                    .Append<ITransformer>(transforms.DropColumns(ScoringColumnNames.RegressionScore));
            case MulticlassHead multiclass:
                IDataView lookup = ClassLookup(mlContext, multiclass, label);
                return pipeline
                    .Append<ITransformer>(transforms.CopyColumns(PredictionColumns.Score, ScoringColumnNames.MulticlassProbabilities))
                    .Append<ITransformer>(transforms.CustomMapping(new MulticlassHeadMapping().GetMapping(), MulticlassHeadMapping.ContractName))
                    .Append<ITransformer>(transforms.Conversion.MapValue(
                        PredictionColumns.PredictedLabel,
                        lookup,
                        lookup.Schema[nameof(ClassLookupRow.Index)],
                        lookup.Schema[nameof(ClassLookupRow.Key)],
                        ScoringColumnNames.MulticlassPredictedIndex))
                    .Append<ITransformer>(transforms.DropColumns(
                        ScoringColumnNames.MulticlassProbabilities,
                        ScoringColumnNames.MulticlassClassIndex,
                        ScoringColumnNames.MulticlassPredictedIndex));
            default:
                throw new NotSupportedException($"Head type '{head.GetType().Name}' is not supported.");
        }
    }

    /// <summary>Class index (0-based) → key of the label's key type, carrying a copy of the label's class names.</summary>
    private static IDataView ClassLookup(MLContext mlContext, MulticlassHead head, DataViewSchema.Column? label)
    {
        var definition = SchemaDefinition.Create(typeof(ClassLookupRow));
        SchemaDefinition.Column keyColumn = definition[nameof(ClassLookupRow.Key)];
        keyColumn.ColumnType = PredictedKeyType(head, label);
        if (label is { } labelColumn)
        {
            KeyValuesAnnotation.CopyTo(labelColumn, keyColumn);
        }

        // Key fields of LoadFromEnumerable rows hold 0-based key indices.
        var rows = Enumerable.Range(0, head.ClassCount).Select(i => new ClassLookupRow { Index = (uint)i, Key = (uint)i }).ToList();
        return mlContext.Data.LoadFromEnumerable(rows, definition);
    }

    /// <summary>An empty view with only the feature column: enough for the chain's estimators, which only read the schema.</summary>
    private static IDataView EmptyInput(MLContext mlContext, string featureColumnName, int inputSize)
    {
        var definition = SchemaDefinition.Create(typeof(FeatureRow));
        SchemaDefinition.Column features = definition[nameof(FeatureRow.Features)];
        features.ColumnType = new VectorDataViewType(NumberDataViewType.Single, inputSize);
        features.ColumnName = featureColumnName;
        return mlContext.Data.LoadFromEnumerable(Array.Empty<FeatureRow>(), definition);
    }

    private sealed class ClassLookupRow
    {
        public uint Index { get; set; }

        public uint Key { get; set; }
    }

    private sealed class FeatureRow
    {
        public float[] Features { get; set; } = [];
    }
}
