using MLNetDeep.Search;

namespace MLNetDeep.Tests.Search;

[TestClass]
public sealed class GridSamplerTests
{
    [TestMethod]
    public void Propose_AllNumbers_VisitsEveryGridPointOnce()
    {
        var domains = SearchTestKit.AllKinds();
        var sampler = new GridSampler(domains, pointsPerRange: 3, seed: 5);
        // 3 dropouts x 3 learning rates x 3 layer counts (1, 3 after rounding 2.5 away from zero, 4) x 3 widths x 3 choices.
        Assert.AreEqual(243, sampler.Capacity);
        double[] dropouts = [0.1, 0.3, 0.5];
        CollectionAssert.AreEqual(dropouts, sampler.Axes[0].Select(v => Math.Round(v, 12)).ToArray());
        double[] rates = [1e-5, 1e-3, 1e-1];
        CollectionAssert.AreEqual(rates, sampler.Axes[1].Select(v => Math.Round(v, 12)).ToArray());
        CollectionAssert.AreEqual(new double[] { 8, 64, 512 }, sampler.Axes[3].ToArray());

        var points = Enumerable.Range(0, 243).Select(n => sampler.Propose(n, [])).ToArray();
        foreach (var p in points)
        {
            SearchTestKit.AssertInDomains(domains, p);
        }

        Assert.AreEqual(243, points.Select(p => string.Join(",", p)).Distinct().Count());
        Assert.ThrowsExactly<InvalidOperationException>(() => sampler.Propose(243, []));
    }

    [TestMethod]
    public void Propose_ShuffledOrder_SeededAndSpreadOverTheGrid()
    {
        ParameterDomain[] domains = [new("x", SearchParameterKind.Uniform, 0, 1, false), new("c", SearchParameterKind.Choice, 0, 3, false)];
        var a = new GridSampler(domains, 10, seed: 1);
        var order = Enumerable.Range(0, 40).Select(n => a.Propose(n, [])).ToArray();
        var again = new GridSampler(domains, 10, seed: 1);
        for (int n = 0; n < 40; n++)
        {
            CollectionAssert.AreEqual(order[n], again.Propose(n, []));
        }

        var other = new GridSampler(domains, 10, seed: 2);
        Assert.IsTrue(Enumerable.Range(0, 40).Any(n => !order[n].SequenceEqual(other.Propose(n, []))));

        // Not the lexicographic order: the first 10 trials do not all share the first x.
        Assert.IsTrue(order.Take(10).Select(p => p[0]).Distinct().Count() > 2);
    }

    [TestMethod]
    public void Constructor_WholeNumbersRoundedAndDeduplicated()
    {
        ParameterDomain[] domains = [new("k", SearchParameterKind.WholeNumber, 1, 3, false)];
        var sampler = new GridSampler(domains, pointsPerRange: 10, seed: 0);
        CollectionAssert.AreEqual(new double[] { 1, 2, 3 }, sampler.Axes[0].ToArray());
        Assert.AreEqual(3, sampler.Capacity);
    }

    [TestMethod]
    public void Constructor_HugeGrid_ThrowsNamingTheSizes()
    {
        var domains = Enumerable.Range(0, 7).Select(i => new ParameterDomain($"p{i}", SearchParameterKind.Uniform, 0, 1, false)).ToArray();
        var ex = Assert.ThrowsExactly<ArgumentException>(() => new GridSampler(domains, 10, 0));
        StringAssert.Contains(ex.Message, "p6: 10");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new GridSampler(domains, 1, 0));
    }
}
