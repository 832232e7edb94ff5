using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Onnx;
using MLNetDeep.Scoring;
using MLNetDeep.Onnx;
using MLNetDeep.Snapshots;

namespace MLNetDeep.Models;

/// <summary>
/// Builds the ML.NET chain a fitted model scores and saves with: OnnxTransformer (the exported graph with the task's
/// head) → the task's stateless adapters from MLNetDeep.Scoring. Every part is stock ML.NET, so
/// <c>mlContext.Model.Load</c> restores it.
/// </summary>
internal static class ScoringChain
{
    /// <summary>
    /// Builds the chain. ML.NET's ONNX transform reads the graph from <paramref name="modelFile"/>, which exists only
    /// while the session is built and while the chain is saved (see <see cref="ScoringModelFile"/>).
    /// </summary>
    internal static TransformerChain<ITransformer> Fit(MLContext mlContext, EnsembleSnapshot network, ScoringChainInputs inputs, out ScoringModelFile modelFile)
    {
        PredictionTask task = network.Task;
        string featureColumnName = inputs.FeatureColumnName;
        byte[] onnx = OnnxExporter.Export(network, featureColumnName, OnnxHeadLayout.ScoringChain, inputs.RunRecord?.ToJson(), inputs.Categorical?.Names);
        ScoringModelFile.DeleteLeftovers(mlContext.TempFilePath);
        var file = new ScoringModelFile(onnx, mlContext.TempFilePath);
        try
        {
            modelFile = file;
            return file.WhilePresent(() =>
            {
                var categorical = inputs.Categorical;
                string[] inputColumns = [featureColumnName, .. categorical?.Names ?? []];
                var pipeline = new EstimatorChain<ITransformer>()
                    .Append<ITransformer>(mlContext.Transforms.ApplyOnnxModel(OnnxOptions(mlContext, task, inputColumns, file.Path)));
                IDataView empty = categorical?.EmptyInput(network.FeatureCount - categorical.Names.Count) ?? EmptyInput(mlContext, featureColumnName, network.FeatureCount);
                return task.AppendScoringAdapters(mlContext, pipeline, inputs).Fit(empty);
            });
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The ONNX transform's options: the graph's outputs from the feature column, on <see cref="SessionThreads.IntraOp"/>
    /// and <see cref="SessionThreads.InterOp"/> threads unless the context carries its owner's session options.
    /// </summary>
    internal static OnnxOptions OnnxOptions(MLContext mlContext, PredictionTask task, string[] inputColumns, string modelFile)
    {
        bool ours = !SessionThreads.UserChose(mlContext);
        return new OnnxOptions
        {
            ModelFile = modelFile,
            InputColumns = inputColumns,
            OutputColumns = [.. task.OnnxOutputs(OnnxHeadLayout.ScoringChain)],
            IntraOpNumThreads = ours ? SessionThreads.IntraOp : null,
            InterOpNumThreads = ours ? SessionThreads.InterOp : null,
        };
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

    private sealed class FeatureRow
    {
        public float[] Features { get; set; } = [];
    }
}

/// <summary>What the task's scoring adapters may need to know about the training run.</summary>
/// <param name="Label">The label column (its key type and class names), or null when the trainer named none.</param>
/// <param name="TrainingSchema">The training data's schema: every column name the adapters' own columns must avoid.</param>
/// <param name="FeatureColumnName">The feature column the ONNX transform reads.</param>
/// <param name="History">The model's history, for notes on decisions made while building the chain.</param>
/// <param name="RunRecord">The fit's record, written into the ONNX graph's metadata, or null.</param>
/// <param name="Categorical">The key columns the network embeds (inputs of the ONNX transform beside the features), or null.</param>
internal sealed record ScoringChainInputs(
    DataViewSchema.Column? Label, DataViewSchema TrainingSchema, string FeatureColumnName, TrainingHistory History, RunRecord? RunRecord = null,
    Embeddings.CategoricalInputs? Categorical = null);
