namespace MLNetDeep;

/// <summary>
/// Hooks into DeepMlp's training loop, with no-op defaults: override the ones you need. Built-in behaviours
/// (gradient clipping, for example) are callbacks too, so the loop itself stays short. To stop training early,
/// set <see cref="TrainingContext.StopTraining"/>.
/// </summary>
public abstract class TrainingCallback
{
    /// <summary>Before the first epoch.</summary>
    public virtual void OnTrainBegin(TrainingContext context) { }

    /// <summary>Before each epoch's first batch.</summary>
    public virtual void OnEpochBegin(TrainingContext context) { }

    /// <summary>After the backward pass, before the optimizer step (gradients can be read or changed here).</summary>
    public virtual void OnGradientsComputed(TrainingContext context) { }

    /// <summary>After each optimizer step, with the batch's mean training loss.</summary>
    public virtual void OnBatchEnd(TrainingContext context, double batchLoss) { }

    /// <summary>After each epoch, once its record (training and validation results) is in the history.</summary>
    public virtual void OnEpochEnd(TrainingContext context, EpochRecord record) { }

    /// <summary>After the last epoch, before the model is exported.</summary>
    public virtual void OnTrainEnd(TrainingContext context) { }

    /// <summary>
    /// When a checkpoint is written (<see cref="DeepMlpOptionsBase.CheckpointDirectory"/>, after an epoch's
    /// <see cref="OnEpochEnd"/>): store in <paramref name="state"/> what this callback needs to continue exactly, so a
    /// resumed fit behaves as an uninterrupted one.
    /// </summary>
    public virtual void OnSaveCheckpoint(TrainingContext context, CheckpointState state) { }

    /// <summary>
    /// When a fit resumes from a checkpoint (<see cref="DeepMlpOptionsBase.ResumeFromCheckpoint"/>), after
    /// <see cref="OnTrainBegin"/>: read back what <see cref="OnSaveCheckpoint"/> stored. The context already holds the
    /// checkpoint's epoch, step, weights and history.
    /// </summary>
    public virtual void OnRestoreCheckpoint(TrainingContext context, CheckpointState state) { }
}
