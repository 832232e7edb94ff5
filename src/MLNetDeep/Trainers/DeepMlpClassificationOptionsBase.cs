namespace MLNetDeep;

/// <summary>
/// Options of the classification trainers (binary and multiclass): everything in <see cref="DeepMlpOptionsBase"/> plus
/// the class-imbalance remedies, which regression does not have.
/// </summary>
public abstract class DeepMlpClassificationOptionsBase : DeepMlpOptionsBase
{
    /// <summary>
    /// Per-class weights for imbalanced classification, each finite and ≥ 0 with at least one &gt; 0: the loss of a row
    /// of class c is multiplied by <c>ClassWeights[c]</c> (on top of the example weight column). Multiclass: one
    /// weight per class in key order. Binary: two weights, <c>[false, true]</c>; for a positive-class weight p use
    /// <c>[1, p]</c>. Default null (all 1). Only the training loss is weighted; validation loss and metric are not.
    /// </summary>
    public double[]? ClassWeights { get; set; }

    /// <summary>
    /// Automatic class weights when <see cref="ClassWeights"/> is null: <see cref="MLNetDeep.ClassWeighting.Balanced"/>
    /// gives class c the weight rows / (classes · rows of c), so every class contributes equally to the loss.
    /// Default <see cref="MLNetDeep.ClassWeighting.None"/>.
    /// </summary>
    public ClassWeighting ClassWeighting { get; set; } = ClassWeighting.None;

    /// <summary>
    /// Apply the class weights (<see cref="ClassWeights"/> or <see cref="ClassWeighting"/>) by sampling instead of by
    /// weighting the loss: each epoch draws as many rows as the training data has, with replacement, each with
    /// probability proportional to its class weight (seeded). Minority rows then appear several times per epoch,
    /// which gives smoother gradients than large loss weights. Needs class weights and cached training data (see
    /// <see cref="DeepMlpOptionsBase.MaxCacheSizeInMegabytes"/>). Default false.
    /// </summary>
    public bool WeightedSampling { get; set; }

    internal override ClassWeightSettings? ClassWeightSettings => new(ClassWeights, ClassWeighting, WeightedSampling);

    private protected override void CopyTaskOptions(DeepMlpOptionsBase copy) =>
        ((DeepMlpClassificationOptionsBase)copy).ClassWeights = ClassWeights is null ? null : [.. ClassWeights];

    internal override void ValidateTaskOptions(OptionErrors errors)
    {
        static bool NonNegative(double v) => v >= 0 && double.IsFinite(v);
        errors.Check(Enum.IsDefined(ClassWeighting), nameof(ClassWeighting), ClassWeighting, "must be None or Balanced");
        if (ClassWeights is { } weights)
        {
            errors.Check(weights.All(NonNegative) && weights.Any(w => w > 0), nameof(ClassWeights), weights,
                "must hold finite weights >= 0, at least one of them > 0");
            errors.Check(ClassWeighting == ClassWeighting.None, nameof(ClassWeighting), ClassWeighting, "must be None when ClassWeights is set");
        }
        errors.Check(!WeightedSampling || ClassWeights is not null || ClassWeighting != ClassWeighting.None,
            nameof(WeightedSampling), WeightedSampling, "needs class weights: set ClassWeights or ClassWeighting = Balanced");
    }
}

/// <summary>Automatic class weights for imbalanced classification.</summary>
public enum ClassWeighting
{
    /// <summary>Every class weighs 1.</summary>
    None,
    /// <summary>Class c weighs rows / (classes · rows of c).</summary>
    Balanced,
}

/// <summary>The class-imbalance options of a classification trainer.</summary>
internal sealed record ClassWeightSettings(double[]? ClassWeights, ClassWeighting Weighting, bool WeightedSampling);
