using MLNetDeep.Embeddings;

namespace MLNetDeep.Tests.Embeddings;

/// <summary>The piecewise-linear encoding's bin edges: quantiles with duplicates merged, and target-aware splits.</summary>
[TestClass]
public sealed class BinEdgesTests
{
    [TestMethod]
    public void Quantiles_AreEvenlySpacedOrderStatistics_WithDuplicatesMerged()
    {
        double[] edges = BinEdges.Quantiles([.. Enumerable.Range(0, 101).Select(i => (double)(100 - i))], 4);
        CollectionAssert.AreEqual(new double[] { 0, 25, 50, 75, 100 }, edges);

        double[] skewed = BinEdges.Quantiles([.. Enumerable.Repeat(0.0, 90), .. Enumerable.Range(1, 10).Select(i => (double)i)], 4);
        CollectionAssert.AreEqual(new double[] { 0, 10 }, skewed, "90% zeros: the first four quantiles are all 0, one bin remains");
        Assert.IsEmpty(BinEdges.Quantiles([3, 3, 3], 4), "a constant input has no bins");
    }

    [TestMethod]
    public void TargetAware_CutsWhereTheTargetSteps()
    {
        double[] x = [.. Enumerable.Range(0, 200).Select(i => i / 200.0)];
        double[] y = [.. x.Select(v => v < 0.3 ? 0.0 : v < 0.8 ? 5.0 : 1.0)];

        double[] edges = BinEdges.TargetAware(x, y, width: 1, bins: 3);

        Assert.HasCount(4, edges);
        Assert.AreEqual(0, edges[0]);
        Assert.AreEqual(0.2975, edges[1], 1e-9, "halfway between 0.295 and 0.3");
        Assert.AreEqual(0.7975, edges[2], 1e-9, "halfway between 0.795 and 0.8");
        Assert.AreEqual(0.995, edges[3]);
        CollectionAssert.AreEqual(new double[] { 0, 0.995 }, BinEdges.TargetAware(x, [.. x.Select(_ => 1.0)], 1, 3), "a constant target: no split helps");
    }
}
