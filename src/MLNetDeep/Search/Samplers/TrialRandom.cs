namespace MLNetDeep.Search;

/// <summary>
/// The random source of one trial, which depends only on a seed and the trial number. The two are mixed by the
/// SplitMix64 finalizer before seeding <see cref="Random"/>: seeding it directly with consecutive values
/// (seed * 1_000_003 + number) gives first draws that rise in near-regular steps from one trial to the next, so
/// "random" proposals would sweep the range instead of scattering over it.
/// </summary>
internal static class TrialRandom
{
    /// <summary>The random source of trial <paramref name="number"/> under <paramref name="seed"/>.</summary>
    /// <param name="seed">The sampler's or pruner's seed.</param>
    /// <param name="number">0-based trial number.</param>
    public static Random For(int seed, int number) => new(Mix(seed, number));

    /// <summary>A well-scattered non-negative seed for (seed, number): equal inputs give equal results in every process.</summary>
    /// <param name="seed">The sampler's or pruner's seed.</param>
    /// <param name="number">0-based trial number.</param>
    public static int Mix(int seed, int number)
    {
        ulong z = unchecked(((ulong)(uint)seed << 32) | (uint)number);
        z = unchecked(z + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(z >> 33);
    }
}
