using MLNetDeep.Search;

namespace MLNetDeep.Tests.Search;

[TestClass]
public sealed class SuccessiveHalvingPrunerTests
{
    private static Dictionary<int, IReadOnlyList<double>> Others(params double[][] curves) =>
        curves.Select((c, i) => (i, c)).ToDictionary(p => p.i + 1, p => (IReadOnlyList<double>)p.c);

    [TestMethod]
    public void ShouldPrune_WorseCurveAtFirstRung_PrunedWhileABetterOneContinues()
    {
        var pruner = new SuccessiveHalvingPruner(minEpochs: 1, reductionFactor: 3);
        var others = Others([0.5, 0.4], [0.6, 0.5], [0.55, 0.45], [0.7, 0.6], [0.65, 0.5]);
        Assert.IsTrue(pruner.ShouldPrune(0, 1, [0.9], others));
        Assert.IsFalse(pruner.ShouldPrune(0, 1, [0.45], others));
        // 6 values, k = 6 / 3 - 1 = 1: the second best continues, the third is pruned.
        Assert.IsFalse(pruner.ShouldPrune(0, 1, [0.52], others));
        Assert.IsTrue(pruner.ShouldPrune(0, 1, [0.56], others));
    }

    [TestMethod]
    public void ShouldPrune_OffRungEpochs_Never()
    {
        // minEpochs 2, factor 2, rate 1: rungs at 4, 8, 16.
        var pruner = new SuccessiveHalvingPruner(2, 2, minEarlyStoppingRate: 1);
        double[] bad = [.. Enumerable.Repeat(9.0, 16)];
        var others = Others([.. Enumerable.Repeat(0.1, 16)], [.. Enumerable.Repeat(0.2, 16)]);
        var pruned = Enumerable.Range(1, 16).Where(e => pruner.ShouldPrune(0, e, bad, others)).ToArray();
        int[] rungs = [4, 8, 16];
        CollectionAssert.AreEqual(rungs, pruned);
    }

    [TestMethod]
    public void ShouldPrune_NoCompetitorAtTheRung_Continues()
    {
        var pruner = new SuccessiveHalvingPruner(1, 2);
        Assert.IsFalse(pruner.ShouldPrune(0, 2, [9, 9], Others()));
        // The others stopped before epoch 2, and the trial's own entry is not a competitor.
        var others = Others([0.1]);
        others[0] = [0.1, 0.1];
        Assert.IsFalse(pruner.ShouldPrune(0, 2, [9, 9], others));
    }

    [TestMethod]
    public void ShouldPrune_RungValueIsTheBestSoFarIgnoringNan()
    {
        var pruner = new SuccessiveHalvingPruner(1, 2);
        var others = Others([0.5, 0.5, 0.5, 0.5], [0.6, 0.6, 0.6, 0.6]);
        // Best of the first 4 epochs is 0.2 despite the later rise and the NaN.
        Assert.IsFalse(pruner.ShouldPrune(0, 4, [0.9, 0.2, double.NaN, 0.8], others));
        Assert.IsTrue(pruner.ShouldPrune(0, 4, [double.NaN, double.NaN, double.NaN, double.NaN], others));
        Assert.AreEqual(double.PositiveInfinity, SuccessiveHalvingPruner.RungValue([double.NaN], 1));
    }

    [TestMethod]
    public void Constructor_InvalidSettings_ThrowNamingTheParameter()
    {
        Assert.AreEqual("minEpochs", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new SuccessiveHalvingPruner(0, 2)).ParamName);
        Assert.AreEqual("reductionFactor", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new SuccessiveHalvingPruner(1, 1)).ParamName);
        Assert.AreEqual("minEarlyStoppingRate", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new SuccessiveHalvingPruner(1, 2, -1)).ParamName);
    }
}
