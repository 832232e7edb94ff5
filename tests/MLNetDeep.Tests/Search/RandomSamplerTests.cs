using MLNetDeep.Search;

namespace MLNetDeep.Tests.Search;

[TestClass]
public sealed class RandomSamplerTests
{
    private static readonly int[] Seeds = [0, 1, 42];

    [TestMethod]
    public void Propose_SameSeedAndNumber_SameValuesWhateverTheCallOrder()
    {
        var domains = SearchTestKit.AllKinds();
        var a = new RandomSampler(domains, seed: 7);
        var b = new RandomSampler(domains, seed: 7);
        var first = a.Propose(3, []);
        b.Propose(0, []);
        b.Propose(5, []);
        CollectionAssert.AreEqual(first, b.Propose(3, []));
        CollectionAssert.AreNotEqual(first, a.Propose(4, []));
        CollectionAssert.AreNotEqual(first, new RandomSampler(domains, seed: 8).Propose(3, []));
        Assert.IsNull(a.Capacity);
    }

    [TestMethod]
    public void Propose_ManyTrials_InBoundsAndCoveringEachDomain()
    {
        var domains = SearchTestKit.AllKinds();
        var sampler = new RandomSampler(domains, seed: 1);
        var proposals = Enumerable.Range(0, 2000).Select(n => sampler.Propose(n, [])).ToArray();
        foreach (var p in proposals)
        {
            SearchTestKit.AssertInDomains(domains, p);
        }

        // Every whole number and choice value appears, with both bounds.
        CollectionAssert.AreEquivalent(new double[] { 1, 2, 3, 4 }, proposals.Select(p => p[2]).Distinct().ToArray());
        CollectionAssert.AreEquivalent(new double[] { 0, 1, 2 }, proposals.Select(p => p[4]).Distinct().ToArray());
        Assert.IsTrue(proposals.Any(p => p[3] == 8) && proposals.Max(p => p[3]) > 400);

        // Log-uniform: about half the draws below the geometric middle 1e-3; uniform: about half below 0.3.
        double belowGeometricMiddle = proposals.Count(p => p[1] < 1e-3) / 2000.0;
        Assert.AreEqual(0.5, belowGeometricMiddle, 0.05);
        Assert.AreEqual(0.5, proposals.Count(p => p[0] < 0.3) / 2000.0, 0.05);

        // Log-scale whole numbers: as many draws in [8, 64) as in [64, 512].
        Assert.AreEqual(0.5, proposals.Count(p => p[3] < 64) / 2000.0, 0.05);
    }

    [TestMethod]
    public void Propose_ConsecutiveTrials_Uncorrelated()
    {
        // Seeding Random with consecutive numbers makes the first draws of consecutive trials step regularly; the
        // mixed seed must not: the lag-1 correlation of the first value over 500 trials stays near 0.
        ParameterDomain[] domains = [new("x", SearchParameterKind.Uniform, 0, 1, false)];
        foreach (int seed in Seeds)
        {
            var sampler = new RandomSampler(domains, seed);
            var x = Enumerable.Range(0, 500).Select(n => sampler.Propose(n, [])[0]).ToArray();
            double mean = x.Average();
            double lag = Enumerable.Range(0, 499).Sum(i => (x[i] - mean) * (x[i + 1] - mean));
            double variance = x.Sum(v => (v - mean) * (v - mean));
            Assert.AreEqual(0, lag / variance, 0.15, $"seed {seed}");
        }
    }

    [TestMethod]
    public void Constructor_LogScaleWithNonPositiveMin_Throws()
    {
        ParameterDomain[] domains = [new("lr", SearchParameterKind.LogUniform, 0, 1, false)];
        var ex = Assert.ThrowsExactly<ArgumentException>(() => new RandomSampler(domains, 0));
        StringAssert.Contains(ex.Message, "lr");
    }
}
