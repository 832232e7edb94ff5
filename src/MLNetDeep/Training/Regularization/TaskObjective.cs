using MLNetDeep.Data;
using MLNetDeep.Native;
using static TorchSharp.torch;

namespace MLNetDeep.Training.Regularization;

/// <summary>
/// The task's weighted mean loss: each row weighs its example weight times its class weight (when given), and a
/// mixup batch is scored against its mixed target (see <see cref="PredictionTask.MixedRowLoss"/>).
/// </summary>
/// <param name="task">The prediction task.</param>
/// <param name="classWeights">Per-class loss weights on the training device, or null.</param>
internal sealed class TaskObjective(PredictionTask task, Tensor? classWeights) : ITrainingObjective
{
    /// <summary>The task whose row loss this is.</summary>
    public PredictionTask Task => task;

    /// <summary>Per-class loss weights, or null.</summary>
    public Tensor? ClassWeights => classWeights;

    public Tensor Loss(Tensor output, Batch batch)
    {
        using var rows = batch.MixLabels is { } mix
            ? task.MixedRowLoss(output, batch.Labels, mix, batch.MixLambda)
            : task.RowLoss(output, batch.Labels);
        if (classWeights is null)
            return PredictionTask.WeightedMean(rows, batch.Weights);

        using var perClass = batch.MixLabels is { } second
            ? ClassWeightOf(batch.Labels).Times(batch.MixLambda) + ClassWeightOf(second).Times(1 - batch.MixLambda)
            : ClassWeightOf(batch.Labels);
        using var weights = batch.Weights * perClass;
        return PredictionTask.WeightedMean(rows, weights);
    }

    private Tensor ClassWeightOf(Tensor labels)
    {
        using var index = labels.to_type(ScalarType.Int64);
        return classWeights!.index_select(0, index);
    }
}
