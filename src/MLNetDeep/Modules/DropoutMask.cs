using System.Runtime.InteropServices;

namespace MLNetDeep.Modules;

/// <summary>
/// Fills a float32 dropout mask on the CPU in managed code: each element is 1/keep with probability keep, else 0.
/// libtorch's CPU <c>bernoulli_</c> draws one double per element on one thread (about 16 ns each on the reference
/// machine, a quarter of a Fashion-MNIST epoch); a xoshiro256** stream gives two 32-bit draws per 64-bit output, so a mask
/// costs about 1 ns per element. The stream is seeded from one draw of the caller's torch generator per mask, so the
/// generator's state (saved in checkpoints) still decides every mask.
/// </summary>
internal static class DropoutMask
{
    /// <summary>Fills <paramref name="mask"/> from the stream seeded by <paramref name="seed"/>.</summary>
    /// <param name="mask">The mask's elements (a CPU tensor's memory).</param>
    /// <param name="seed">The stream's seed.</param>
    /// <param name="keep">The probability of keeping an element, in (0, 1].</param>
    public static void Fill(Span<float> mask, ulong seed, double keep)
    {
        // An element is kept when its 32-bit draw u satisfies u < keep·2³², i.e. u ≤ threshold.
        double bound = Math.Round(keep * 4294967296.0);
        if (bound >= 4294967296.0)
        {
            mask.Fill(1f);
            return;
        }
        uint threshold = (uint)Math.Max(bound, 1) - 1;
        uint scale = BitConverter.SingleToUInt32Bits((float)(1 / keep));
        // Written as bits: scale & (0 − kept) is the scale or +0 without a branch, which a draw kept with probability
        // 0.8 would mispredict one time in five (this halved the mask's time).
        var bits = MemoryMarshal.Cast<float, uint>(mask);
        var random = new Xoshiro256(seed);
        int i = 0;
        for (; i + 1 < bits.Length; i += 2)
        {
            ulong draw = random.Next();
            bits[i] = scale & Kept((uint)draw, threshold);
            bits[i + 1] = scale & Kept((uint)(draw >> 32), threshold);
        }
        if (i < bits.Length)
            bits[i] = scale & Kept((uint)random.Next(), threshold);
    }

    /// <summary>All bits set when <paramref name="draw"/> keeps its element (at or below the threshold), else 0.</summary>
    private static uint Kept(uint draw, uint threshold) => 0u - (draw <= threshold ? 1u : 0u);

    /// <summary>xoshiro256** (Blackman and Vigna), its state set from the seed by SplitMix64.</summary>
    private struct Xoshiro256
    {
        private ulong _s0, _s1, _s2, _s3;

        public Xoshiro256(ulong seed)
        {
            _s0 = SplitMix(ref seed);
            _s1 = SplitMix(ref seed);
            _s2 = SplitMix(ref seed);
            _s3 = SplitMix(ref seed);
        }

        public ulong Next()
        {
            ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
            ulong t = _s1 << 17;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = ulong.RotateLeft(_s3, 45);
            return result;
        }

        private static ulong SplitMix(ref ulong state)
        {
            ulong z = state += 0x9E3779B97F4A7C15;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }
    }
}
