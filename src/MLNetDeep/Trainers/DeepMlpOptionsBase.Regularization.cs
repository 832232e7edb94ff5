namespace MLNetDeep;

// Regularization, early stopping, reproducibility and device options (class imbalance: DeepMlpClassificationOptionsBase): see the XML docs of each property.
public abstract partial class DeepMlpOptionsBase
{
    /// <summary>
    /// L1 penalty coefficient on the weights of the linear layers (not the biases), ≥ 0, added to the training
    /// objective as <c>L1Regularization · Σ|w|</c>. Default 0 (off). Use it (values around 1e-4 to 1e-2) to push
    /// weights of uninformative inputs to (near) zero; combine with <see cref="L2Regularization"/> for an elastic net.
    /// </summary>
    public double L1Regularization { get; set; }

    /// <summary>
    /// Number of networks trained with different seeds (initialization, dropout and row order differ) and averaged
    /// into one saved model: binary and multiclass average the probabilities, regression the scores. ≥ 1; default 1.
    /// Use 3–10 for a steadier, better-calibrated model at that many times the training and scoring cost.
    /// </summary>
    public int EnsembleSize { get; set; } = 1;

    /// <summary>
    /// Standard deviation of Gaussian noise added to every training input, in standardized feature units (with
    /// <see cref="StandardizeFeatures"/>, 1 is one standard deviation of the feature), ≥ 0. Training only: scoring and
    /// validation see the clean inputs. Default 0 (off). Use 0.05–0.5 on small data sets that the network memorizes.
    /// </summary>
    public double InputNoiseStandardDeviation { get; set; }

    /// <summary>
    /// Mixup: when &gt; 0, each training batch is replaced by λ·batch + (1 − λ)·(the batch in shuffled order), with λ
    /// drawn from Beta(α, α) per batch; binary and regression targets are mixed the same way, multiclass mixes the
    /// two cross-entropies. Training only. ≥ 0; default 0 (off). Values of 0.1–0.4 regularize small or noisy data
    /// sets; larger values mix more strongly.
    /// </summary>
    public double MixupAlpha { get; set; }

    /// <summary>
    /// Stop training when the monitored validation value stops improving, and (by default) keep the best epoch's
    /// weights. Default null (train all <see cref="NumberOfEpochs"/>). Without validation data passed to <c>Fit</c>, a
    /// validation split of <see cref="ValidationFraction"/> (0.1 unless set) is carved from the training rows.
    /// </summary>
    public EarlyStoppingOptions? EarlyStopping { get; set; }

    /// <summary>
    /// Share of the training rows held out as validation data when <c>Fit</c> gets no validation data, in (0, 1):
    /// seeded, and stratified by class for classification. Default null: 0.1 when <see cref="EarlyStopping"/> is set,
    /// otherwise no split. 0 turns the split off (early stopping then needs validation data passed to <c>Fit</c>).
    /// Ignored (with a history note) when validation data is passed to <c>Fit</c>.
    /// </summary>
    public double? ValidationFraction { get; set; }

    /// <summary>
    /// Turn on <c>torch.use_deterministic_algorithms</c> for the duration of <c>Fit</c> (the previous setting is restored
    /// afterwards): operations without a deterministic implementation then throw instead of silently varying. On
    /// the CPU, seeded fits are already bit-identical for the same thread count. On CUDA, some kernels use atomic
    /// additions (e.g. index_add, scatter_add, some backward passes) whose summation order varies, and cuBLAS needs
    /// the environment variable <c>CUBLAS_WORKSPACE_CONFIG=:4096:8</c> (set before the process starts) to be
    /// deterministic; results also differ between GPU models and library versions. The setting is process-wide while
    /// any such fit runs, so it also affects fits running at the same time. Default false.
    /// </summary>
    public bool DeterministicAlgorithms { get; set; }

    /// <summary>
    /// The CUDA device index to train on when <see cref="Device"/> selects CUDA, ≥ 0. Default null: the
    /// <c>MLContext.GpuDeviceId</c> of the context the trainer came from, else device 0. Ignored when training on the CPU.
    /// </summary>
    public int? GpuDeviceId { get; set; }

    /// <summary>
    /// When <see cref="Device"/> is <see cref="TrainingDevice.Cuda"/> but CUDA (or the device <see cref="GpuDeviceId"/>)
    /// is not available, train on the CPU and say so in the history notes instead of failing. Default null: the
    /// <c>MLContext.FallbackToCpu</c> of the context the trainer came from, else false.
    /// </summary>
    public bool? FallbackToCpu { get; set; }
}

/// <summary>Early stopping: when to stop and which weights to keep.</summary>
public sealed class EarlyStoppingOptions
{
    /// <summary>The validation value watched after each epoch. Default <see cref="EarlyStoppingMonitor.ValidationLoss"/>.</summary>
    public EarlyStoppingMonitor Monitor { get; set; } = EarlyStoppingMonitor.ValidationLoss;

    /// <summary>
    /// Whether lower or higher is better. Default <see cref="EarlyStoppingGoal.Auto"/>: minimize the loss, maximize
    /// the metric (accuracy, micro-accuracy or R², all higher-is-better).
    /// </summary>
    public EarlyStoppingGoal Goal { get; set; } = EarlyStoppingGoal.Auto;

    /// <summary>Epochs without improvement before training stops, ≥ 1. Default 5.</summary>
    public int Patience { get; set; } = 5;

    /// <summary>The smallest change of the monitored value that counts as an improvement, ≥ 0. Default 0.</summary>
    public double MinDelta { get; set; }

    /// <summary>
    /// At the end of training, put back the weights of the best epoch (kept in memory), which then becomes
    /// <see cref="TrainingHistory.SelectedEpoch"/>. Default true; false keeps the last epoch's weights.
    /// </summary>
    public bool RestoreBestWeights { get; set; } = true;

    /// <summary>Whether lower values of the monitored quantity are better.</summary>
    internal bool Minimizes => Goal switch
    {
        EarlyStoppingGoal.Minimize => true,
        EarlyStoppingGoal.Maximize => false,
        _ => Monitor == EarlyStoppingMonitor.ValidationLoss,
    };

    internal EarlyStoppingOptions Clone() => (EarlyStoppingOptions)MemberwiseClone();
}

/// <summary>The validation value early stopping watches.</summary>
public enum EarlyStoppingMonitor
{
    /// <summary><see cref="EpochRecord.ValidationLoss"/>.</summary>
    ValidationLoss,
    /// <summary><see cref="EpochRecord.ValidationMetric"/> (named by <see cref="TrainingHistory.ValidationMetricName"/>).</summary>
    ValidationMetric,
}

/// <summary>Whether early stopping looks for a lower or a higher monitored value.</summary>
public enum EarlyStoppingGoal
{
    /// <summary>Minimize for the loss, maximize for the metric.</summary>
    Auto,
    /// <summary>Lower is better.</summary>
    Minimize,
    /// <summary>Higher is better.</summary>
    Maximize,
}

/// <summary>Checks the regularization options.</summary>
internal static class RegularizationOptionsValidator
{
    public static void Validate(DeepMlpOptionsBase o, OptionErrors errors)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(errors);
        static bool NonNegative(double v) => v >= 0 && double.IsFinite(v);

        errors.Check(NonNegative(o.L1Regularization), nameof(o.L1Regularization), o.L1Regularization, "must be a finite number >= 0");
        errors.Check(o.EnsembleSize >= 1, nameof(o.EnsembleSize), o.EnsembleSize, "must be at least 1");
        errors.Check(NonNegative(o.InputNoiseStandardDeviation), nameof(o.InputNoiseStandardDeviation), o.InputNoiseStandardDeviation, "must be a finite number >= 0");
        errors.Check(NonNegative(o.MixupAlpha), nameof(o.MixupAlpha), o.MixupAlpha, "must be a finite number >= 0 (0 turns mixup off)");
        errors.Check(o.ValidationFraction is null || (o.ValidationFraction >= 0 && o.ValidationFraction < 1),
            nameof(o.ValidationFraction), o.ValidationFraction, "must be null or in [0, 1)");

        if (o.EarlyStopping is { } e)
        {
            errors.Check(Enum.IsDefined(e.Monitor), "EarlyStopping.Monitor", e.Monitor,
                "must be one of " + string.Join(", ", Enum.GetNames<EarlyStoppingMonitor>()));
            errors.Check(Enum.IsDefined(e.Goal), "EarlyStopping.Goal", e.Goal, "must be one of " + string.Join(", ", Enum.GetNames<EarlyStoppingGoal>()));
            errors.Check(e.Patience >= 1, "EarlyStopping.Patience", e.Patience, "must be at least 1");
            errors.Check(NonNegative(e.MinDelta), "EarlyStopping.MinDelta", e.MinDelta, "must be a finite number >= 0");
        }

        errors.Check(o.GpuDeviceId is null || o.GpuDeviceId >= 0, nameof(o.GpuDeviceId), o.GpuDeviceId, "must be null or at least 0");
    }
}
