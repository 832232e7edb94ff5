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
