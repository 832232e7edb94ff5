using MLNetDeep.Data;
using static TorchSharp.torch;

namespace MLNetDeep.Training;

/// <summary>Changes a training batch before the forward pass (input noise, mixup). Training only.</summary>
internal interface IBatchAugmentation
{
    Batch Apply(Batch batch, TrainingContext context);
}

/// <summary>The scalar a training step minimizes for a batch: the task loss plus any penalties.</summary>
internal interface ITrainingObjective
{
    Tensor Loss(Tensor output, Batch batch);
}

/// <summary>
/// One training step on a batch: forward, objective, backward, <see cref="TrainingCallback.OnGradientsComputed"/>,
/// optimizer update. Returns the batch's loss. Variants handle gradient accumulation and mixed precision.
/// </summary>
internal interface ITrainingStep
{
    double Run(Batch batch, TrainingContext context);

    /// <summary>Applies any gradients still accumulated at the end of an epoch (a no-op without accumulation).</summary>
    void Flush(TrainingContext context);
}

/// <summary>Everything a fit trains with, built from the options by the factories.</summary>
/// <param name="Augmentations">Applied to each training batch in order.</param>
/// <param name="Step">The training step (it also calls the scheduler after each optimizer step).</param>
/// <param name="Callbacks">Built-in behaviours first (clipping, early stopping), then the user's.</param>
/// <param name="Scheduler">The learning-rate schedule, or null for a fixed rate.</param>
internal sealed record TrainingParts(
    IReadOnlyList<IBatchAugmentation> Augmentations,
    ITrainingStep Step,
    IReadOnlyList<TrainingCallback> Callbacks,
    Optimization.LearningRateScheduler? Scheduler);
