namespace MLNetDeep;

// Checkpoint, resume and run log options: see the XML docs of each property.
public abstract partial class DeepMlpOptionsBase
{
    /// <summary>
    /// A folder for training checkpoints, or null (the default) for none. A checkpoint holds everything a fit needs to
    /// continue exactly where it was (weights, optimizer, schedule, callbacks, loss scale, random generators, epoch,
    /// step and history), the options and a fingerprint of the data. Each is written to a temporary file and renamed,
    /// so a process killed while writing leaves the previous checkpoint intact. The folder is created if missing; it
    /// must not hold another run's checkpoints unless <see cref="ResumeFromCheckpoint"/> continues that run.
    /// </summary>
    public string? CheckpointDirectory { get; set; }

    /// <summary>Write a checkpoint after every this many epochs (and after the last one), ≥ 0; 0 writes only the best one. Default 1.</summary>
    public int CheckpointEveryNEpochs { get; set; } = 1;

    /// <summary>
    /// Also keep <c>best.ckpt</c>, the checkpoint of the best epoch so far: early stopping's monitored value when
    /// <see cref="EarlyStopping"/> is set, else the validation loss, else the training loss. Default true.
    /// </summary>
    public bool CheckpointOnBest { get; set; } = true;

    /// <summary>How many of the latest every-N-epochs checkpoints to keep, ≥ 1 (older ones are deleted). Default 2.</summary>
    public int CheckpointsToKeep { get; set; } = 2;

    /// <summary>
    /// Continue a fit from a checkpoint: a <c>.ckpt</c> file, or a checkpoint folder, meaning its latest valid checkpoint
    /// (damaged ones are skipped with a warning; a folder without checkpoints starts a new fit, so one command both starts
    /// and resumes a run). With the same data, options and seed, training on the CPU with cached data reaches exactly
    /// the weights of an uninterrupted fit. A checkpoint of another architecture, task, feature count, options or data
    /// is refused with what differs, except <see cref="NumberOfEpochs"/>, which may grow. Default null.
    /// </summary>
    public string? ResumeFromCheckpoint { get; set; }

    /// <summary>
    /// A JSON-lines file to which every fit appends its <see cref="RunRecord"/> (also fits that fail or are canceled), or
    /// null (the default): then the record goes to <c>runs.jsonl</c> in <see cref="CheckpointDirectory"/> when that is set,
    /// else only into the model. The folder must exist.
    /// </summary>
    public string? RunLogPath { get; set; }
}

/// <summary>Checks the checkpoint options.</summary>
internal static class CheckpointOptionsValidator
{
    public static void Validate(DeepMlpOptionsBase o, OptionErrors errors)
    {
        errors.Check(o.CheckpointDirectory is null || IsPath(o.CheckpointDirectory), nameof(o.CheckpointDirectory), o.CheckpointDirectory,
            "must be null or a folder path");
        errors.Check(o.ResumeFromCheckpoint is null || IsPath(o.ResumeFromCheckpoint), nameof(o.ResumeFromCheckpoint), o.ResumeFromCheckpoint,
            "must be null or the path of a checkpoint file or folder");
        errors.Check(o.RunLogPath is null || (IsPath(o.RunLogPath) && Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(o.RunLogPath)))),
            nameof(o.RunLogPath), o.RunLogPath, "must be null or a file path in an existing folder");
        errors.Check(o.CheckpointEveryNEpochs >= 0, nameof(o.CheckpointEveryNEpochs), o.CheckpointEveryNEpochs, "must be at least 0 (0: only the best one)");
        errors.Check(o.CheckpointsToKeep >= 1, nameof(o.CheckpointsToKeep), o.CheckpointsToKeep, "must be at least 1");
        errors.Check(o.CheckpointDirectory is null || o.CheckpointEveryNEpochs > 0 || o.CheckpointOnBest, nameof(o.CheckpointEveryNEpochs), o.CheckpointEveryNEpochs,
            "with CheckpointOnBest = false no checkpoint would ever be written; set it to 1 or more, or CheckpointOnBest = true");
    }

    private static bool IsPath(string path) => path.Trim().Length > 0 && path.IndexOfAny(Path.GetInvalidPathChars()) < 0;
}
