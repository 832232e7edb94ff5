using Microsoft.ML;
using MLNetDeep.Snapshots;

namespace MLNetDeep;

/// <summary>
/// A trained MLNetDeep network for <typeparamref name="TTask"/>; see <see cref="DeepMlpTransformer"/>. Like ML.NET's own
/// prediction transformers it is an <see cref="ISingleFeaturePredictionTransformer{TModel}"/>: its <see cref="Model"/>
/// describes the trained network, and ML.NET's typed <c>PermutationFeatureImportance</c> accepts it.
/// </summary>
/// <typeparam name="TTask">The task: <see cref="BinaryClassificationTask"/>, <see cref="MulticlassClassificationTask"/> or <see cref="RegressionTask"/>.</typeparam>
public sealed class DeepMlpTransformer<TTask> : DeepMlpTransformer, ISingleFeaturePredictionTransformer<DeepMlpModel<TTask>>
    where TTask : PredictionTask
{
    internal DeepMlpTransformer(
        MLContext mlContext, EnsembleSnapshot network, string featureColumnName, DataViewSchema trainingInputSchema, string? labelColumnName, TrainingHistory history,
        RunRecord? runRecord = null, Embeddings.CategoricalInputs? categorical = null)
        : base(mlContext, network, featureColumnName, trainingInputSchema, labelColumnName, history, runRecord, categorical)
    {
        Model = new DeepMlpModel<TTask>(network, history, runRecord);
    }

    /// <summary>The trained network: layer sizes, activation, normalization, parameter count and training history.</summary>
    public DeepMlpModel<TTask> Model { get; }

    /// <summary>The task the network was trained for, with what training learned about the label.</summary>
    public new TTask Task => Model.Task;
}
