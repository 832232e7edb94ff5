using MLNetDeep.Data;
using static TorchSharp.torch;

namespace MLNetDeep.Training.Regularization;

/// <summary>The task's example-weighted loss.</summary>
internal sealed class TaskObjective(PredictionTask task) : ITrainingObjective
{
    public Tensor Loss(Tensor output, Batch batch) => task.Loss(output, batch.Labels, batch.Weights);
}
