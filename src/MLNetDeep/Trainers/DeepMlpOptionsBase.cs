namespace MLNetDeep;

/// <summary>
/// Options shared by the three DeepMlp trainers. Defaults are chosen so that a user who changes nothing gets a
/// model close to a default FastTree on normalized tabular data. Every option is validated when the trainer is
/// created, and all violations are reported together.
/// </summary>
public abstract partial class DeepMlpOptionsBase
{
    /// <summary>Name of the label column. Default <c>"Label"</c>.</summary>
    public string LabelColumnName { get; set; } = DefaultColumnNames.Label;

    /// <summary>Name of the feature column: a known-size vector of <see cref="float"/>. Default <c>"Features"</c>.</summary>
    public string FeatureColumnName { get; set; } = DefaultColumnNames.Features;

    /// <summary>
    /// Optional example weight column (<see cref="float"/>, finite, ≥ 0): each row's loss is scaled by its weight.
    /// Default null (every row weighs 1).
    /// </summary>
    public string? ExampleWeightColumnName { get; set; }

    /// <summary>
    /// Standardize each feature with the training rows' mean and standard deviation inside the network (folded into
    /// the first layer of the saved model). Default true: training then does not depend on how, or whether, the
    /// pipeline normalized the features (ML.NET's NormalizeMeanVariance scales but does not center by default).
    /// </summary>
    public bool StandardizeFeatures { get; set; } = true;

    /// <summary>Width of each hidden layer, input side first. Default [512, 256]. Empty gives a linear model.</summary>
    public int[] HiddenLayerSizes { get; set; } = [512, 256];

    /// <summary>Activation after each hidden layer. Default <see cref="MLNetDeep.Activation.ReLU"/>.</summary>
    public Activation Activation { get; set; } = Activation.ReLU;

    /// <summary>Dropout probability after each hidden activation, in [0, 1). Default 0.2. Training only.</summary>
    public double DropoutRate { get; set; } = 0.2;

    /// <summary>Rows per optimizer step, ≥ 1. Default 128.</summary>
    public int BatchSize { get; set; } = DeepMlpDefaults.BatchSize;

    /// <summary>Passes over the training data, ≥ 1. Default 40.</summary>
    public int NumberOfEpochs { get; set; } = DeepMlpDefaults.NumberOfEpochs;

    /// <summary>
    /// Seed for weight initialization, dropout and shuffling. The same seed, data and thread count give identical
    /// weights, also when several fits run at once. Null (default): drawn from the seeded random numbers of the
    /// <c>MLContext</c> the trainer came from (so <c>new MLContext(seed: 1)</c> making the same calls gives the same
    /// models, as with ML.NET's own trainers), or at random for a trainer created without a context.
    /// </summary>
    public int? Seed { get; set; }

    /// <summary>Where to train. Default <see cref="TrainingDevice.Auto"/> (CUDA when available, else CPU).</summary>
    public TrainingDevice Device { get; set; } = TrainingDevice.Auto;

    /// <summary>
    /// Largest training set, in megabytes of float32 rows, that is copied into native memory once and shuffled
    /// there; larger data is streamed every epoch through a shuffle pool (from a spill file, see
    /// <see cref="SpillStreamedRows"/>, or from the <c>IDataView</c>). ≥ 0; 0 always
    /// streams. Default 1024.
    /// </summary>
    public int MaxCacheSizeInMegabytes { get; set; } = 1024;

    /// <summary>
    /// When the training data exceeds <see cref="MaxCacheSizeInMegabytes"/>, the first (validating) pass also writes the
    /// rows as float32 to a temporary file that later epochs read, instead of running the data view's loader and
    /// transforms again every epoch (a text loader re-parses the file each time). Needs free disk space of
    /// rows × (features + 2) × 4 bytes; the file is deleted when Fit ends. Default true; false streams from the data view.
    /// </summary>
    public bool SpillStreamedRows { get; set; } = true;

    /// <summary>
    /// Folder for the spill file of <see cref="SpillStreamedRows"/> and for the fitted model's ONNX file (written
    /// owner-only, and present only while ONNX Runtime or a save reads it); null (default) uses the system's temporary folder.
    /// </summary>
    public string? SpillDirectory { get; set; }

    /// <summary>Rows held in the shuffle pool when streaming, ≥ 1. Larger pools shuffle better. Default 8192.</summary>
    public int ShufflePoolSize { get; set; } = 8192;

    /// <summary>Batches read ahead on a background thread when streaming, ≥ 1. Default 4.</summary>
    public int PrefetchBatches { get; set; } = 4;

    /// <summary>
    /// Stops <c>Fit</c> within one batch with an <see cref="OperationCanceledException"/> when cancelled (as
    /// cancelling the <c>MLContext</c> does); temporary files are deleted. Default none.
    /// </summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>
    /// Receives a <see cref="TrainingProgress"/> after every batch and at the end of every epoch, on the training
    /// thread (keep the handler short). Default null.
    /// </summary>
    public IProgress<TrainingProgress>? Progress { get; set; }

    /// <summary>Hooks called during training (for logging, custom stopping, etc.). Default empty.</summary>
    public IList<TrainingCallback> Callbacks { get; private set; } = [];

    /// <summary>The class-imbalance options, or null for a task without classes.</summary>
    internal virtual ClassWeightSettings? ClassWeightSettings => null;

    /// <summary>
    /// A deep copy, taken when a trainer is created so that later changes to this object change nothing: arrays and
    /// nested options are copied; <see cref="Callbacks"/> is a new list holding the same callback instances.
    /// </summary>
    internal DeepMlpOptionsBase Clone()
    {
        var copy = (DeepMlpOptionsBase)MemberwiseClone();
        copy.HiddenLayerSizes = HiddenLayerSizes is null ? null! : [.. HiddenLayerSizes];
        copy.DropoutRates = DropoutRates is null ? null : [.. DropoutRates];
        copy.CategoricalColumnNames = CategoricalColumnNames is null ? null : [.. CategoricalColumnNames];
        copy.CategoricalEmbeddingDimensions = CategoricalEmbeddingDimensions is null ? null : [.. CategoricalEmbeddingDimensions];
        copy.EarlyStopping = EarlyStopping?.Clone();
        copy.DivergenceGuard = DivergenceGuard?.Clone()!;
        copy.Callbacks = [.. Callbacks];
        CopyTaskOptions(copy);
        return copy;
    }

    /// <summary>Deep-copies the options a subclass adds into <paramref name="copy"/> (a member-wise clone of this).</summary>
    private protected virtual void CopyTaskOptions(DeepMlpOptionsBase copy)
    {
    }

    /// <summary>Checks the options a subclass adds.</summary>
    internal virtual void ValidateTaskOptions(OptionErrors errors)
    {
    }
}

/// <summary>The device DeepMlp trains on.</summary>
public enum TrainingDevice
{
    /// <summary>CUDA when the CUDA TorchSharp backend is installed and a GPU is visible, else CPU.</summary>
    Auto,
    /// <summary>Always the CPU.</summary>
    Cpu,
    /// <summary>The first CUDA GPU; fails clearly when none is available.</summary>
    Cuda,
}

/// <summary>ML.NET's default column names.</summary>
internal static class DefaultColumnNames
{
    public const string Label = "Label";
    public const string Features = "Features";
}
