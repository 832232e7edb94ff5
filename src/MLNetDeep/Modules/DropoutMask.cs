using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MLNetDeep.Modules;

/// <summary>
/// Fills a float32 dropout mask on the CPU in managed code: each element is 1/keep with probability keep, else 0.
/// libtorch's CPU <c>bernoulli_</c> draws one double per element on one thread (about 16 ns each on the reference
/// machine, a quarter of a Fashion-MNIST epoch). Here eight xoshiro128** streams (Blackman and Vigna) run side by side
/// in one 256-bit vector: element 8j + k takes the j-th 32-bit output of stream k, about 0.35 ns per element (one
/// xoshiro256** stream, two draws per 64-bit output, took 1.8 ns; masks of 65,536 elements timed alone). The eight
/// streams are seeded from one draw of the caller's torch generator per mask, so the generator's state (saved in
/// checkpoints) still decides every mask. Without 256-bit vectors (ARM64) the streams run in two 128-bit halves, and
/// every machine draws the same masks.
/// </summary>
internal static class DropoutMask
{
    /// <summary>Streams side by side: the lanes of a 256-bit vector of 32-bit integers.</summary>
    internal const int Lanes = 8;

    /// <summary>Fills <paramref name="mask"/> from the streams seeded by <paramref name="seed"/>.</summary>
    /// <param name="mask">The mask's elements (a CPU tensor's memory).</param>
    /// <param name="seed">The streams' seed.</param>
    /// <param name="keep">The probability of keeping an element, in (0, 1].</param>
    public static void Fill(Span<float> mask, ulong seed, double keep) => Fill(mask, seed, keep, wide: Vector256.IsHardwareAccelerated);

    /// <summary>
    /// <see cref="Fill(Span{float}, ulong, double)"/> in 256-bit vectors (<paramref name="wide"/>) or in two 128-bit halves
    /// (for CPUs without 256-bit vectors, such as ARM64, where the 256-bit type runs in slow software): the same masks.
    /// </summary>
    internal static void Fill(Span<float> mask, ulong seed, double keep, bool wide)
    {
        // An element is kept when its 32-bit draw u satisfies u < keep·2³², i.e. u ≤ threshold.
        double bound = Math.Round(keep * 4294967296.0);
        if (bound >= 4294967296.0)
        {
            mask.Fill(1f);
            return;
        }
        uint threshold = (uint)Math.Max(bound, 1) - 1;
        // Written as bits: the scale AND the comparison's all-ones (kept) or zero lanes gives the scale or +0 without a branch.
        uint scale = BitConverter.SingleToUInt32Bits((float)(1 / keep));
        var bits = MemoryMarshal.Cast<float, uint>(mask);
        int whole = bits.Length - (bits.Length % Lanes);
        Span<uint> last = stackalloc uint[Lanes];
        // The streams' state stays in locals (registers): held in a struct's fields, it went through memory at every step
        // and the fill took five times as long.
        var (s0, s1, s2, s3) = Xoshiro128x8.Seed(seed);
        ref uint target = ref MemoryMarshal.GetReference(bits);
        if (wide)
        {
            var t = Vector256.Create(threshold);
            var c = Vector256.Create(scale);
            for (int i = 0; i < whole; i += Lanes)
                (Vector256.LessThanOrEqual(Xoshiro128x8.Next(ref s0, ref s1, ref s2, ref s3), t) & c).StoreUnsafe(ref target, (nuint)i);
            (Vector256.LessThanOrEqual(Xoshiro128x8.Next(ref s0, ref s1, ref s2, ref s3), t) & c).CopyTo(last);
        }
        else
        {
            var t = Vector128.Create(threshold);
            var c = Vector128.Create(scale);
            Vector128<uint> l0 = s0.GetLower(), l1 = s1.GetLower(), l2 = s2.GetLower(), l3 = s3.GetLower();
            Vector128<uint> h0 = s0.GetUpper(), h1 = s1.GetUpper(), h2 = s2.GetUpper(), h3 = s3.GetUpper();
            for (int i = 0; i < whole; i += Lanes)
            {
                (Vector128.LessThanOrEqual(Xoshiro128x8.Next(ref l0, ref l1, ref l2, ref l3), t) & c).StoreUnsafe(ref target, (nuint)i);
                (Vector128.LessThanOrEqual(Xoshiro128x8.Next(ref h0, ref h1, ref h2, ref h3), t) & c).StoreUnsafe(ref target, (nuint)(i + (Lanes / 2)));
            }
            (Vector128.LessThanOrEqual(Xoshiro128x8.Next(ref l0, ref l1, ref l2, ref l3), t) & c).CopyTo(last);
            (Vector128.LessThanOrEqual(Xoshiro128x8.Next(ref h0, ref h1, ref h2, ref h3), t) & c).CopyTo(last[(Lanes / 2)..]);
        }
        last[..(bits.Length - whole)].CopyTo(bits[whole..]);
    }

    /// <summary>
    /// Eight xoshiro128** streams, one per lane. Lane k's state (s0, s1, s2, s3) is the low and high halves of outputs 2k
    /// and 2k + 1 of SplitMix64 started at the seed; SplitMix64's output is a bijection of its counter, so two consecutive
    /// outputs are never both 0 and no lane starts in xoshiro's one forbidden (all-zero) state.
    /// </summary>
    internal static class Xoshiro128x8
    {
        /// <summary>The four state words of the eight streams seeded by <paramref name="seed"/>.</summary>
        public static (Vector256<uint> S0, Vector256<uint> S1, Vector256<uint> S2, Vector256<uint> S3) Seed(ulong seed)
        {
            Span<uint> state = stackalloc uint[4 * Lanes];   // lane-major: lane k holds state[4k..4k + 3]
            for (int w = 0; w < 2 * Lanes; w++)
            {
                ulong next = SplitMix(ref seed);
                state[2 * w] = (uint)next;
                state[(2 * w) + 1] = (uint)(next >> 32);
            }
            Span<uint> word = stackalloc uint[Lanes];
            return (Gather(state, 0, word), Gather(state, 1, word), Gather(state, 2, word), Gather(state, 3, word));
        }

        /// <summary>The next 32-bit output of every stream; advances the state.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<uint> Next(ref Vector256<uint> s0, ref Vector256<uint> s1, ref Vector256<uint> s2, ref Vector256<uint> s3)
        {
            var times5 = s1 + (s1 << 2);
            var rotated = (times5 << 7) | (times5 >> 25);
            var result = rotated + (rotated << 3);   // times 9
            var t = s1 << 9;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= t;
            s3 = (s3 << 11) | (s3 >> 21);
            return result;
        }

        /// <summary><see cref="Next(ref Vector256{uint}, ref Vector256{uint}, ref Vector256{uint}, ref Vector256{uint})"/> for four of the streams.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<uint> Next(ref Vector128<uint> s0, ref Vector128<uint> s1, ref Vector128<uint> s2, ref Vector128<uint> s3)
        {
            var times5 = s1 + (s1 << 2);
            var rotated = (times5 << 7) | (times5 >> 25);
            var result = rotated + (rotated << 3);   // times 9
            var t = s1 << 9;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= t;
            s3 = (s3 << 11) | (s3 >> 21);
            return result;
        }

        /// <summary>Word <paramref name="index"/> of every lane's state.</summary>
        private static Vector256<uint> Gather(ReadOnlySpan<uint> state, int index, Span<uint> word)
        {
            for (int lane = 0; lane < Lanes; lane++)
                word[lane] = state[(4 * lane) + index];
            return Vector256.Create<uint>(word);
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
