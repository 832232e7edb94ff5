using MLNetDeep.Search;

namespace MLNetDeep.Tests.Search;

[TestClass]
public sealed class HyperbandPrunerTests
{
    [TestMethod]
    public void BracketOf_DeterministicAllUsedMostAggressiveMost()
    {
        // minEpochs 1, maxEpochs 27, factor 3: sMax = 3, budgets 27, 12, 6, 4 (s = 3, 2, 1, 0) for brackets 0..3.
        var pruner = new HyperbandPruner(1, 27, 3, seed: 5);
        Assert.AreEqual(4, pruner.BracketCount);
        var brackets = Enumerable.Range(0, 2000).Select(pruner.BracketOf).ToArray();
        CollectionAssert.AreEqual(brackets, Enumerable.Range(0, 2000).Select(new HyperbandPruner(1, 27, 3, seed: 5).BracketOf).ToArray());
        CollectionAssert.AreNotEqual(brackets, Enumerable.Range(0, 2000).Select(new HyperbandPruner(1, 27, 3, seed: 6).BracketOf).ToArray());
        var shares = Enumerable.Range(0, 4).Select(b => brackets.Count(x => x == b) / 2000.0).ToArray();
        double[] expected = [27 / 49.0, 12 / 49.0, 6 / 49.0, 4 / 49.0];
        for (int b = 0; b < 4; b++)
        {
            Assert.AreEqual(expected[b], shares[b], 0.04, $"bracket {b}");
        }
    }

    [TestMethod]
    public void ShouldPrune_ComparesOnlyWithinTheBracket()
    {
        var pruner = new HyperbandPruner(1, 27, 3, seed: 1);
        int trial = Enumerable.Range(0, 100).First(n => pruner.BracketOf(n) == 0);
        var sameBracket = Enumerable.Range(0, 200).Where(n => n != trial && pruner.BracketOf(n) == 0).Take(5).ToArray();
        var otherBracket = Enumerable.Range(0, 200).Where(n => pruner.BracketOf(n) != 0).Take(5).ToArray();
        IReadOnlyList<double> better = [0.1, 0.1, 0.1];
        double[] curve = [0.9, 0.9, 0.9];

        // Better curves in other brackets only: no competitor at bracket 0's first rung (epoch 1).
        var others = otherBracket.ToDictionary(n => n, _ => better);
        Assert.IsFalse(pruner.ShouldPrune(trial, 1, curve, others));

        // Better curves in its own bracket: pruned at epoch 1, and not at epoch 2 (not a rung).
        foreach (int n in sameBracket)
        {
            others[n] = better;
        }

        Assert.IsTrue(pruner.ShouldPrune(trial, 1, curve, others));
        Assert.IsFalse(pruner.ShouldPrune(trial, 2, curve, others));
        Assert.IsFalse(pruner.ShouldPrune(trial, 1, [0.05, 0.05, 0.05], others));
    }

    [TestMethod]
    public void ShouldPrune_LaterBracket_FirstRungLater()
    {
        var pruner = new HyperbandPruner(1, 27, 3, seed: 1);
        int trial = Enumerable.Range(0, 200).First(n => pruner.BracketOf(n) == 2);
        IReadOnlyList<double> better = [.. Enumerable.Repeat(0.1, 9)];
        var others = Enumerable.Range(0, 400).Where(n => n != trial && pruner.BracketOf(n) == 2).Take(5).ToDictionary(n => n, _ => better);
        double[] curve = [.. Enumerable.Repeat(0.9, 9)];
        // Bracket 2's rungs are at 1 * 3^2 = 9 and 27.
        int[] rungs = [9];
        CollectionAssert.AreEqual(rungs, Enumerable.Range(1, 9).Where(e => pruner.ShouldPrune(trial, e, curve, others)).ToArray());
    }
}
