namespace MLNetDeep;

// Training doctor options: see the XML docs of each property.
public abstract partial class DeepMlpOptionsBase
{
    /// <summary>
    /// Record per-layer gradient-flow figures (<see cref="TrainingHistory.LayerStatistics"/>) at every this many optimizer
    /// steps (steps N, 2N, …), ≥ 0; 0 (the default) records none and adds no work to training. Per hidden and output layer:
    /// the weight gradient's L2 norm and mean absolute value (before clipping), the weight norm, the update-to-weight
    /// ratio of the step, and for hidden layers the activation mean and standard deviation and, for ReLU, the fraction
    /// of dead units (never above 0 on the step's rows). <see cref="TrainingHistory.Diagnose"/> needs them for
    /// vanishing and exploding gradients, dead ReLUs and a learning rate that is too low; with
    /// <see cref="TensorBoardLogDirectory"/> set they are also written there (<c>layers/&lt;layer&gt;/&lt;figure&gt;</c>).
    /// An instrumented step costs a few reductions per layer, a copy of the weights and one read-back; it reads and never
    /// changes the weights or draws random numbers, so a fit computes the same weights with and without it.
    /// </summary>
    public int GradientStatisticsEveryNSteps { get; set; }
}

/// <summary>Checks the training doctor options.</summary>
internal static class DoctorOptionsValidator
{
    public static void Validate(DeepMlpOptionsBase o, OptionErrors errors) =>
        errors.Check(o.GradientStatisticsEveryNSteps >= 0, nameof(o.GradientStatisticsEveryNSteps), o.GradientStatisticsEveryNSteps,
            "must be at least 0 (0: no gradient statistics)");
}
