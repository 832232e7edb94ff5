namespace MLNetDeep;

// Optimization options: the optimizer, its learning-rate schedule, gradient clipping, gradient accumulation and
// mixed precision. See the XML docs of each property.
public abstract partial class DeepMlpOptionsBase
{
    /// <summary>
    /// The update rule. Default <see cref="OptimizerAlgorithm.Adam"/>, which needs little tuning. Use
    /// <see cref="OptimizerAlgorithm.AdamW"/> with <see cref="WeightDecay"/> for weight decay that does not interact
    /// with Adam's per-weight step sizes; <see cref="OptimizerAlgorithm.Sgd"/> (with momentum) when you tune the
    /// learning rate and schedule yourself.
    /// </summary>
    public OptimizerAlgorithm Optimizer { get; set; } = OptimizerAlgorithm.Adam;

    /// <summary>
    /// Step size of the optimizer (the peak under <see cref="LearningRateSchedule.OneCycle"/>, the initial one under
    /// the other schedules), &gt; 0. Default 0.002. SGD usually needs a larger one (0.01 to 0.1).
    /// </summary>
    public double LearningRate { get; set; } = DeepMlpDefaults.LearningRate;

    /// <summary>
    /// Momentum of <see cref="OptimizerAlgorithm.Sgd"/> and <see cref="OptimizerAlgorithm.RMSprop"/>, in [0, 1).
    /// Default 0.9. Ignored by Adam and AdamW (their first-moment decay is fixed at 0.9).
    /// </summary>
    public double Momentum { get; set; } = 0.9;

    /// <summary>
    /// Nesterov momentum for <see cref="OptimizerAlgorithm.Sgd"/> (needs <see cref="Momentum"/> &gt; 0). Default
    /// false. Other optimizers reject it.
    /// </summary>
    public bool Nesterov { get; set; }

    /// <summary>
    /// Coupled L2 penalty, ≥ 0: λ·w is added to each weight's gradient before the update (the optimizer's
    /// <c>weight_decay</c> for Adam, Sgd and RMSprop). Default 0. Must stay 0 with AdamW, which decays through
    /// <see cref="WeightDecay"/>.
    /// </summary>
    public double L2Regularization { get; set; }

    /// <summary>
    /// Decoupled weight decay of <see cref="OptimizerAlgorithm.AdamW"/>, ≥ 0: each step multiplies every weight by
    /// (1 − learning rate · WeightDecay) besides the Adam update. Default 0; 0.01 to 0.1 are typical. Only valid
    /// with AdamW (the other optimizers take <see cref="L2Regularization"/>).
    /// </summary>
    public double WeightDecay { get; set; }

    /// <summary>
    /// How the learning rate changes over training. Default <see cref="LearningRateSchedule.Cosine"/>: decays per
    /// step from <see cref="LearningRate"/> to zero at the last epoch, which usually ends at a better minimum.
    /// The rate each optimizer step used is recorded in <see cref="TrainingHistory.Steps"/>.
    /// </summary>
    public LearningRateSchedule LearningRateSchedule { get; set; } = LearningRateSchedule.Cosine;

    /// <summary>
    /// Epochs between two decays of <see cref="LearningRateSchedule.Step"/>, ≥ 1. Default 10. The rate in epoch e
    /// (1-based) is LearningRate · LearningRateStepGamma^⌊(e − 1) / LearningRateStepSize⌋.
    /// </summary>
    public int LearningRateStepSize { get; set; } = 10;

    /// <summary>Factor applied every <see cref="LearningRateStepSize"/> epochs by <see cref="LearningRateSchedule.Step"/>, in (0, 1]. Default 0.1.</summary>
    public double LearningRateStepGamma { get; set; } = 0.1;

    /// <summary>
    /// Epochs without improvement that <see cref="LearningRateSchedule.ReduceOnPlateau"/> tolerates, ≥ 0: after
    /// PlateauPatience + 1 epochs in a row whose monitored loss is not below the best so far by a relative 1e-4, the
    /// rate is multiplied by <see cref="PlateauFactor"/>. The monitored loss is the validation loss when validation
    /// data is given, else the training loss. Default 5.
    /// </summary>
    public int PlateauPatience { get; set; } = 5;

    /// <summary>Factor by which <see cref="LearningRateSchedule.ReduceOnPlateau"/> cuts the rate, in (0, 1). Default 0.1.</summary>
    public double PlateauFactor { get; set; } = 0.1;

    /// <summary>Lowest rate <see cref="LearningRateSchedule.ReduceOnPlateau"/> reduces to, ≥ 0 and below <see cref="LearningRate"/>. Default 0.</summary>
    public double MinLearningRate { get; set; }

    /// <summary>
    /// Optimizer steps of linear warm-up, ≥ 0: step s (1-based) uses s / WarmupSteps of the schedule's rate while
    /// s ≤ WarmupSteps; <see cref="LearningRateSchedule.Cosine"/> then anneals over the remaining steps. Default 0
    /// (none). Helps large learning rates or batches start stably. Set this or <see cref="WarmupFraction"/>, not
    /// both; not with <see cref="LearningRateSchedule.OneCycle"/>, which has its own warm-up.
    /// </summary>
    public int WarmupSteps { get; set; }

    /// <summary>
    /// Warm-up as a fraction of all planned optimizer steps, in [0, 1): the number of warm-up steps is
    /// round(fraction · steps). Default 0. See <see cref="WarmupSteps"/>.
    /// </summary>
    public double WarmupFraction { get; set; }

    /// <summary>
    /// Clip the global gradient norm to this value before each step (&gt; 0), or null for no clipping. Default null.
    /// Use it when the loss spikes or becomes NaN. The norm after clipping is recorded in
    /// <see cref="StepRecord.GradientNorm"/>.
    /// </summary>
    public double? GradientClippingNorm { get; set; }

    /// <summary>
    /// Clamp every gradient element to [−value, value] before each step (&gt; 0), or null for none. Default null.
    /// Applied before <see cref="GradientClippingNorm"/> when both are set. Norm clipping keeps the gradient's
    /// direction and is usually preferred; value clipping guards against single exploding elements.
    /// </summary>
    public double? GradientClippingValue { get; set; }

    /// <summary>
    /// Batches whose gradients are summed before one optimizer step, ≥ 1. Default 1. k batches of
    /// <see cref="BatchSize"/> rows then update the weights like one batch of k · BatchSize rows (the gradients are
    /// example-weighted over the accumulated rows), at the memory cost of one batch. An epoch's last, incomplete
    /// group also steps. Schedules count optimizer steps, not batches.
    /// </summary>
    public int GradientAccumulationSteps { get; set; } = 1;

    /// <summary>
    /// Run forward and backward passes in half precision while the optimizer keeps float32 master weights. Default
    /// <see cref="MLNetDeep.MixedPrecision.None"/>. Float16 uses dynamic loss scaling (recorded per step in
    /// <see cref="StepRecord.LossScale"/>; overflowing steps are skipped); BFloat16 needs none. Only worth it on GPUs
    /// with half-precision units; on the CPU it is slower, so it is ignored there (with a note in
    /// <see cref="TrainingHistory.Notes"/>) unless <see cref="ForceMixedPrecisionOnCpu"/> is set. Batch norm's running
    /// statistics are updated in the half type and copied into the float32 network (the one validated and saved)
    /// after every batch. The CUDA path has not been run on a GPU yet.
    /// </summary>
    public MixedPrecision MixedPrecision { get; set; } = MixedPrecision.None;

    /// <summary>
    /// Use <see cref="MixedPrecision"/> on the CPU too (much slower on CPUs without fast half-precision matrix
    /// multiply; meant for testing). Default false.
    /// </summary>
    public bool ForceMixedPrecisionOnCpu { get; set; }

    /// <summary>
    /// Whether a plain float32 MLP on the CPU trains through the hand-written pass
    /// (<see cref="Training.Optimization.MlpBackprop"/>) rather than autograd. Default true; false is for comparing the
    /// two (tests and benchmarks), since both compute the same gradients.
    /// </summary>
    internal bool UseHandWrittenPass { get; set; } = true;
}

/// <summary>The optimizer that updates the weights.</summary>
public enum OptimizerAlgorithm
{
    /// <summary>Adam (β = 0.9, 0.999; ε = 1e-8), with coupled <see cref="DeepMlpOptionsBase.L2Regularization"/>.</summary>
    Adam,
    /// <summary>Adam with decoupled <see cref="DeepMlpOptionsBase.WeightDecay"/>.</summary>
    AdamW,
    /// <summary>Stochastic gradient descent with <see cref="DeepMlpOptionsBase.Momentum"/> and optional Nesterov momentum.</summary>
    Sgd,
    /// <summary>RMSprop (α = 0.99, ε = 1e-8) with <see cref="DeepMlpOptionsBase.Momentum"/>.</summary>
    RMSprop,
}

/// <summary>How the learning rate changes during training. Every schedule can start with a linear warm-up.</summary>
public enum LearningRateSchedule
{
    /// <summary>The learning rate stays at its initial value.</summary>
    Constant,
    /// <summary>Cosine annealing per step from the initial value to zero over all (post-warm-up) steps.</summary>
    Cosine,
    /// <summary>Multiply by <see cref="DeepMlpOptionsBase.LearningRateStepGamma"/> every <see cref="DeepMlpOptionsBase.LearningRateStepSize"/> epochs.</summary>
    Step,
    /// <summary>
    /// One cycle per step: cosine rise from LearningRate / 25 to LearningRate over the first 30% of steps, then
    /// cosine fall to LearningRate / 250000 at the last step. Momentum is not cycled.
    /// </summary>
    OneCycle,
    /// <summary>Cut the rate when the monitored loss stops improving (see <see cref="DeepMlpOptionsBase.PlateauPatience"/>).</summary>
    ReduceOnPlateau,
}

/// <summary>The precision of the forward and backward passes.</summary>
public enum MixedPrecision
{
    /// <summary>Everything in float32.</summary>
    None,
    /// <summary>IEEE half precision with dynamic loss scaling.</summary>
    Float16,
    /// <summary>bfloat16 (float32's range, fewer mantissa bits), no loss scaling.</summary>
    BFloat16,
}

/// <summary>Checks the optimization options.</summary>
internal static class OptimizationOptionsValidator
{
    public static void Validate(DeepMlpOptionsBase o, OptionErrors errors)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(errors);
        var check = errors.Check;

        check(Enum.IsDefined(o.Optimizer), nameof(o.Optimizer), o.Optimizer, "must be one of " + string.Join(", ", Enum.GetNames<OptimizerAlgorithm>()));
        check(o.LearningRate > 0 && double.IsFinite(o.LearningRate), nameof(o.LearningRate), o.LearningRate, "must be a finite number > 0");
        check(o.Momentum >= 0 && o.Momentum < 1, nameof(o.Momentum), o.Momentum, "must be in [0, 1)");
        check(!o.Nesterov || o.Optimizer == OptimizerAlgorithm.Sgd, nameof(o.Nesterov), o.Nesterov, "only Sgd has Nesterov momentum; set Optimizer = Sgd or Nesterov = false");
        check(!o.Nesterov || o.Optimizer != OptimizerAlgorithm.Sgd || o.Momentum > 0, nameof(o.Nesterov), o.Nesterov, "Nesterov momentum needs Momentum > 0");
        check(o.L2Regularization >= 0 && double.IsFinite(o.L2Regularization), nameof(o.L2Regularization), o.L2Regularization, "must be a finite number >= 0");
        check(o.L2Regularization == 0 || o.Optimizer != OptimizerAlgorithm.AdamW, nameof(o.L2Regularization), o.L2Regularization,
            "must be 0 with Optimizer = AdamW, which decays weights through WeightDecay (decoupled) instead");
        check(o.WeightDecay >= 0 && double.IsFinite(o.WeightDecay), nameof(o.WeightDecay), o.WeightDecay, "must be a finite number >= 0");
        check(o.WeightDecay == 0 || o.Optimizer == OptimizerAlgorithm.AdamW, nameof(o.WeightDecay), o.WeightDecay,
            "only AdamW has decoupled weight decay; set Optimizer = AdamW, or use L2Regularization with " + o.Optimizer);

        check(Enum.IsDefined(o.LearningRateSchedule), nameof(o.LearningRateSchedule), o.LearningRateSchedule,
            "must be one of " + string.Join(", ", Enum.GetNames<LearningRateSchedule>()));
        check(o.LearningRateStepSize >= 1, nameof(o.LearningRateStepSize), o.LearningRateStepSize, "must be at least 1 (epochs)");
        check(o.LearningRateStepGamma > 0 && o.LearningRateStepGamma <= 1, nameof(o.LearningRateStepGamma), o.LearningRateStepGamma, "must be in (0, 1]");
        check(o.PlateauPatience >= 0, nameof(o.PlateauPatience), o.PlateauPatience, "must be at least 0 (epochs)");
        check(o.PlateauFactor > 0 && o.PlateauFactor < 1, nameof(o.PlateauFactor), o.PlateauFactor, "must be in (0, 1)");
        // Compared with LearningRate only when that is valid, so a bad LearningRate is reported once.
        check(o.MinLearningRate >= 0 && (o.MinLearningRate < o.LearningRate || !(o.LearningRate > 0)), nameof(o.MinLearningRate), o.MinLearningRate,
            "must be >= 0 and below LearningRate");
        check(o.WarmupSteps >= 0, nameof(o.WarmupSteps), o.WarmupSteps, "must be at least 0");
        check(o.WarmupFraction >= 0 && o.WarmupFraction < 1, nameof(o.WarmupFraction), o.WarmupFraction, "must be in [0, 1)");
        check(o.WarmupSteps == 0 || o.WarmupFraction == 0, nameof(o.WarmupFraction), o.WarmupFraction, "must be 0 when WarmupSteps is set (give one or the other)");
        check(o.LearningRateSchedule != LearningRateSchedule.OneCycle || (o.WarmupSteps == 0 && o.WarmupFraction == 0),
            nameof(o.LearningRateSchedule), o.LearningRateSchedule, "OneCycle has its own warm-up; set WarmupSteps and WarmupFraction to 0");

        check(o.GradientClippingNorm is null || (o.GradientClippingNorm > 0 && double.IsFinite(o.GradientClippingNorm.Value)),
            nameof(o.GradientClippingNorm), o.GradientClippingNorm, "must be null or a finite number > 0");
        check(o.GradientClippingValue is null || (o.GradientClippingValue > 0 && double.IsFinite(o.GradientClippingValue.Value)),
            nameof(o.GradientClippingValue), o.GradientClippingValue, "must be null or a finite number > 0");
        check(o.GradientAccumulationSteps >= 1, nameof(o.GradientAccumulationSteps), o.GradientAccumulationSteps, "must be at least 1");
        check(Enum.IsDefined(o.MixedPrecision), nameof(o.MixedPrecision), o.MixedPrecision, "must be one of " + string.Join(", ", Enum.GetNames<MixedPrecision>()));
    }
}
