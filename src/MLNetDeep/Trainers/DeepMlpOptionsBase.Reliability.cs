namespace MLNetDeep;

// Reliability options: see the XML docs of each property.
public abstract partial class DeepMlpOptionsBase
{
    /// <summary>
    /// What counts as divergence (a non-finite training or validation loss; under float16 mixed precision, too many
    /// skipped steps in a row; optionally an exploding loss) and what <c>Fit</c> does then: by default it throws a
    /// <see cref="TrainingDivergedException"/> naming the epoch, the step, the quantity, the first layer with
    /// non-finite weights and the likely causes. Never null.
    /// </summary>
    public DivergenceGuardOptions DivergenceGuard { get; set; } = new();
}

/// <summary>The divergence guard (<see cref="DeepMlpOptionsBase.DivergenceGuard"/>). It is always on.</summary>
public sealed class DivergenceGuardOptions
{
    /// <summary>What happens when training diverges. Default <see cref="DivergenceAction.Throw"/>.</summary>
    public DivergenceAction Action { get; set; } = DivergenceAction.Throw;

    /// <summary>
    /// Also treat a batch loss above <see cref="ExplodingLossFactor"/> times the first epoch's training loss as
    /// divergence, so a run that is blowing up is caught before its loss is NaN. Default false.
    /// </summary>
    public bool DetectExplodingLoss { get; set; }

    /// <summary>How many times the first epoch's training loss counts as exploding, &gt; 1. Default 10.</summary>
    public double ExplodingLossFactor { get; set; } = 10;

    /// <summary>
    /// Under float16 mixed precision, overflowing steps are expected and skipped; this many skipped steps in a row,
    /// ≥ 1, count as divergence. Default 25.
    /// </summary>
    public int MaxConsecutiveSkippedSteps { get; set; } = 25;

    internal DivergenceGuardOptions Clone() => (DivergenceGuardOptions)MemberwiseClone();
}

/// <summary>What <c>Fit</c> does when training diverges.</summary>
public enum DivergenceAction
{
    /// <summary>Throw a <see cref="TrainingDivergedException"/> (the default): a diverged model is never returned.</summary>
    Throw,

    /// <summary>
    /// Stop, put back the weights of the last epoch that ended with finite weights and losses (the initial weights
    /// if none did) and return that model, with a note in the history.
    /// </summary>
    RestoreLastFiniteWeights,
}

/// <summary>Checks the reliability options.</summary>
internal static class ReliabilityOptionsValidator
{
    public static void Validate(DeepMlpOptionsBase o, OptionErrors errors)
    {
        errors.Check(o.DivergenceGuard is not null, nameof(o.DivergenceGuard), o.DivergenceGuard, "must be set (the guard cannot be turned off)");
        if (o.DivergenceGuard is not { } guard)
            return;
        errors.Check(Enum.IsDefined(guard.Action), "DivergenceGuard.Action", guard.Action, "must be one of " + string.Join(", ", Enum.GetNames<DivergenceAction>()));
        errors.Check(guard.ExplodingLossFactor > 1, "DivergenceGuard.ExplodingLossFactor", guard.ExplodingLossFactor, "must be greater than 1");
        errors.Check(guard.MaxConsecutiveSkippedSteps >= 1, "DivergenceGuard.MaxConsecutiveSkippedSteps", guard.MaxConsecutiveSkippedSteps, "must be at least 1");
    }
}
