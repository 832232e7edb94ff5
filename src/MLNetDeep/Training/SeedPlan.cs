namespace MLNetDeep.Training;

/// <summary>
/// Every random stream of a fit, derived from the fit's seed in this one place: the carved validation split, and per
/// ensemble member the weight initialization, dropout masks (float32 and mixed precision alike), augmentation noise and
/// order, mixup factors and each epoch's shuffle. Member 0 uses the fit's seed itself, so a single model trains
/// exactly as member 0 of an ensemble with the same seed.
/// </summary>
/// <param name="Seed">The fit's seed (<see cref="DeepMlpOptionsBase.Seed"/> or a random one).</param>
internal sealed record SeedPlan(int Seed)
{
    /// <summary>Seed distance between ensemble members.</summary>
    public const int MemberStride = 1000;

    /// <summary>The held-out rows of a carved validation split.</summary>
    public int ValidationSplit => Seed;

    /// <summary>The streams of ensemble member <paramref name="index"/> (0-based).</summary>
    public MemberSeeds Member(int index) => new(unchecked(Seed + (MemberStride * index)));
}

/// <summary>The random streams of one ensemble member.</summary>
/// <param name="Seed">The member's seed: the fit's seed plus <see cref="SeedPlan.MemberStride"/> times the member index.</param>
internal sealed record MemberSeeds(int Seed)
{
    /// <summary>The CPU generator that draws the initial weights.</summary>
    public ulong Initialization => unchecked((ulong)Seed);

    /// <summary>The device generator that draws dropout masks, in float32 and in mixed-precision training.</summary>
    public ulong Dropout => unchecked((ulong)Seed + 1);

    /// <summary>The device generator of the batch augmentations (input noise, mixup order).</summary>
    public ulong Augmentation => unchecked((ulong)Seed + 2);

    /// <summary>The mixup factors λ.</summary>
    public int MixupFactors => unchecked(Seed + 3);

    /// <summary>The row order of epoch <paramref name="epoch"/> (1-based).</summary>
    public int Shuffle(int epoch) => unchecked(Seed + epoch);
}
