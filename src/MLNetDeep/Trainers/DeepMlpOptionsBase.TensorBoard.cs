namespace MLNetDeep;

// TensorBoard options: see the XML docs of each property.
public abstract partial class DeepMlpOptionsBase
{
    /// <summary>
    /// A folder for TensorBoard event files, or null (the default) for none; view them with
    /// <c>tensorboard --logdir &lt;folder&gt;</c>. Written with TorchSharp's <c>torch.utils.tensorboard.SummaryWriter</c>:
    /// <list type="bullet">
    /// <item><c>train/loss</c> and <c>train/learning_rate</c> at every optimizer step (the values of
    /// <see cref="TrainingHistory.Steps"/>; the x axis is the step);</item>
    /// <item><c>epoch/training_loss</c>, and with validation data <c>epoch/validation_loss</c> and
    /// <c>epoch/&lt;metric&gt;</c> (<see cref="TrainingHistory.ValidationMetricName"/>, such as <c>epoch/RSquared</c>) after
    /// every epoch (the values of <see cref="TrainingHistory.Epochs"/>; the x axis is the epoch);</item>
    /// <item><c>weights/&lt;parameter&gt;</c> and <c>gradients/&lt;parameter&gt;</c> histograms of every parameter (such as
    /// <c>weights/hidden1.linear.weight</c>, <c>gradients/output.bias</c>) every
    /// <see cref="TensorBoardHistogramEveryNEpochs"/> epochs; the gradients are those of the epoch's last optimizer step,
    /// after clipping;</item>
    /// <item><c>layers/&lt;layer&gt;/gradient_norm</c>, <c>mean_abs_gradient</c>, <c>weight_norm</c>,
    /// <c>update_to_weight_ratio</c>, <c>activation_mean</c>, <c>activation_std</c> and <c>dead_unit_fraction</c> (such as
    /// <c>layers/hidden1/gradient_norm</c>) at every instrumented step when <see cref="GradientStatisticsEveryNSteps"/> is
    /// above 0 (the values of <see cref="TrainingHistory.LayerStatistics"/>);</item>
    /// <item>the options and seed as a markdown table (text tag <c>options</c>) when training starts, at step 0 (after a
    /// resume at the checkpoint's step, with a line saying so).</item>
    /// </list>
    /// A single model writes into the folder itself; with <see cref="EnsembleSize"/> &gt; 1 each member writes into a
    /// subfolder <c>member-01</c>, <c>member-02</c>, …, which TensorBoard shows as separate runs. Each fit adds a new event
    /// file, so give each fit its own folder (fits in one folder show as one run). Every event is appended
    /// and flushed as it is written, so the files are complete when <c>Fit</c> ends, throws or is cancelled. Logging reads
    /// the weights and never draws random numbers: a fit computes the same weights with and without it.
    /// When a fit resumes from a checkpoint (<see cref="ResumeFromCheckpoint"/>), logging starts after the checkpoint is
    /// restored: a new event file in the same folder continues at the checkpoint's step and epoch. Steps and epochs the
    /// interrupted fit logged after its last checkpoint stay in the older file, so TensorBoard can show them twice there;
    /// give the resumed fit a new folder to keep the two apart.
    /// </summary>
    public string? TensorBoardLogDirectory { get; set; }

    /// <summary>
    /// With <see cref="TensorBoardLogDirectory"/> set, write weight and gradient histograms after every this many epochs
    /// (epochs N, 2N, …; a tensor holding NaN or infinity is left out), ≥ 0; 0 writes none. Default 1 (every epoch): a histogram costs one pass over the weights on the
    /// CPU, small next to an epoch, and a few kilobytes per parameter; raise it for very large networks or many epochs.
    /// </summary>
    public int TensorBoardHistogramEveryNEpochs { get; set; } = 1;
}

/// <summary>Checks the TensorBoard options.</summary>
internal static class TensorBoardOptionsValidator
{
    public static void Validate(DeepMlpOptionsBase o, OptionErrors errors)
    {
        string? folder = o.TensorBoardLogDirectory;
        errors.Check(folder is null || (folder.Trim().Length > 0 && folder.IndexOfAny(Path.GetInvalidPathChars()) < 0),
            nameof(o.TensorBoardLogDirectory), folder, "must be null (no TensorBoard logging) or a folder path");
        errors.Check(folder is null || !File.Exists(folder), nameof(o.TensorBoardLogDirectory), folder,
            "must be a folder for the event files, not an existing file (a missing folder is created)");
        errors.Check(o.TensorBoardHistogramEveryNEpochs >= 0, nameof(o.TensorBoardHistogramEveryNEpochs), o.TensorBoardHistogramEveryNEpochs,
            "must be at least 0 (0: no histograms)");
    }
}
