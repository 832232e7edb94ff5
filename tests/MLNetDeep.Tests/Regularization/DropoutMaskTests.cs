using MLNetDeep.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNetDeep.Tests.Regularization;

[TestClass]
public sealed class DropoutMaskTests
{
    [TestMethod]
    [DataRow(0.8)]
    [DataRow(0.5)]
    [DataRow(0.05)]
    public void Fill_KeepsTheRequestedShare_ScaledByItsInverse(double keep)
    {
        var mask = new float[200_001];
        DropoutMask.Fill(mask, seed: 7, keep);
        float scale = (float)(1 / keep);
        Assert.IsTrue(mask.All(v => v == 0 || v == scale), "every element is 0 or 1/keep");
        double kept = mask.Count(v => v != 0) / (double)mask.Length;
        double spread = 4 * Math.Sqrt(keep * (1 - keep) / mask.Length);
        Assert.AreEqual(keep, kept, spread, "the kept share");
        Assert.AreEqual(1.0, mask.Average(v => (double)v), 4 * spread / keep, "the mean stays 1 (inverted dropout)");
    }

    [TestMethod]
    public void Fill_SameSeed_SameMask_OtherSeed_OtherMask()
    {
        var a = new float[1001];
        var b = new float[1001];
        var c = new float[1001];
        DropoutMask.Fill(a, seed: 11, keep: 0.5);
        DropoutMask.Fill(b, seed: 11, keep: 0.5);
        DropoutMask.Fill(c, seed: 12, keep: 0.5);
        CollectionAssert.AreEqual(a, b);
        Assert.IsGreaterThan(300, a.Zip(c).Count(p => p.First != p.Second), "another seed draws another mask");
    }

    [TestMethod]
    [DataRow(43, true)]    // five whole vectors and a tail of three
    [DataRow(5, true)]     // a tail alone
    [DataRow(4096, true)]
    [DataRow(8, true)]     // no tail
    [DataRow(43, false)]   // in two 128-bit halves (CPUs without 256-bit vectors)
    [DataRow(5, false)]
    [DataRow(4096, false)]
    public void Fill_IsEightInterleavedXoshiro128StarStarStreams(int length, bool wide)
    {
        const double keep = 0.7;
        var mask = new float[length];
        DropoutMask.Fill(mask, seed: 2024, keep, wide);

        // An independent scalar reference: SplitMix64 seeds lane k with outputs 2k and 2k + 1 (low half first); element
        // 8j + k is lane k's j-th output, kept when it is below keep·2³².
        ulong counter = 2024;
        var lanes = new uint[DropoutMask.Lanes][];
        for (int k = 0; k < lanes.Length; k++)
        {
            ulong a = SplitMix(ref counter), b = SplitMix(ref counter);
            lanes[k] = [(uint)a, (uint)(a >> 32), (uint)b, (uint)(b >> 32)];
        }
        uint threshold = (uint)Math.Round(keep * 4294967296.0) - 1;
        var expected = new float[length];
        for (int i = 0; i < length; i++)
            expected[i] = NextXoshiro128StarStar(lanes[i % DropoutMask.Lanes]) <= threshold ? (float)(1 / keep) : 0f;
        CollectionAssert.AreEqual(expected, mask);
    }

    [TestMethod]
    public void Fill_NeighbouringElementsAreIndependent()
    {
        const double keep = 0.8;
        var mask = new float[400_000];
        DropoutMask.Fill(mask, seed: 3, keep);
        for (int lag = 1; lag <= DropoutMask.Lanes; lag++)
        {
            int both = 0, pairs = mask.Length - lag;
            for (int i = 0; i < pairs; i++)
                both += mask[i] != 0 && mask[i + lag] != 0 ? 1 : 0;
            double spread = 4 * Math.Sqrt(keep * keep * (1 - (keep * keep)) / pairs);
            Assert.AreEqual(keep * keep, both / (double)pairs, spread, $"pairs {lag} apart are both kept as often as chance says");
        }
    }

    private static uint NextXoshiro128StarStar(uint[] s)
    {
        uint result = uint.RotateLeft(s[1] * 5, 7) * 9;
        uint t = s[1] << 9;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = uint.RotateLeft(s[3], 11);
        return result;
    }

    private static ulong SplitMix(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    [TestMethod]
    public void SeededDropout_OnTheCpu_FollowsItsGenerator()
    {
        using var scope = NewDisposeScope();
        var input = ones(64, 32);
        Tensor Run(Generator generator, int calls)
        {
            var dropout = new SeededDropout(0.3, generator);
            dropout.train();
            Tensor last = input;
            for (int i = 0; i < calls; i++)
                last = dropout.call(input);
            return last;
        }

        var first = Run(new Generator(5), 1);
        var again = Run(new Generator(5), 1);
        var second = Run(new Generator(5), 2);
        Assert.IsTrue(first.equal(again).all().item<bool>(), "the same generator state gives the same mask");
        Assert.IsFalse(first.equal(second).all().item<bool>(), "each call advances the generator");
        var values = first.data<float>().ToArray().Distinct().ToArray();
        CollectionAssert.AreEquivalent(new[] { 0f, 1 / 0.7f }, values);

        var dropout = new SeededDropout(0.3, new Generator(5));
        dropout.eval();
        Assert.IsTrue(dropout.call(input).equal(input).all().item<bool>(), "evaluation passes the input through");
    }
}
