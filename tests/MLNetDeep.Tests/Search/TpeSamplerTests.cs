using MLNetDeep.Search;

namespace MLNetDeep.Tests.Search;

[TestClass]
public sealed class TpeSamplerTests
{
    private static readonly ParameterDomain[] LearningRate = [new("learningRate", SearchParameterKind.LogUniform, 1e-5, 1e-1, false)];

    [TestMethod]
    public void Propose_SameInputsInAnyOrder_SameValues()
    {
        var domains = SearchTestKit.AllKinds();
        var random = new RandomSampler(domains, seed: 3);
        var finished = Enumerable.Range(0, 15).Select(n => SearchTestKit.Completed(n, Loss(random.Propose(n, [])), random.Propose(n, []))).ToList();
        var a = new TpeSampler(domains, seed: 11).Propose(15, finished);
        finished.Reverse();
        var b = new TpeSampler(domains, seed: 11).Propose(15, finished);
        CollectionAssert.AreEqual(a, b);
        CollectionAssert.AreNotEqual(a, new TpeSampler(domains, seed: 12).Propose(15, finished));
        CollectionAssert.AreNotEqual(a, new TpeSampler(domains, seed: 11).Propose(16, finished));
    }

    [TestMethod]
    public void Propose_DuringStartup_AsRandomSamplerFailedTrialsNotCounted()
    {
        var domains = SearchTestKit.AllKinds();
        var random = new RandomSampler(domains, seed: 4);
        // 9 usable trials and 5 failed ones: still below the 10 startup trials.
        var finished = Enumerable.Range(0, 14)
            .Select(n => n < 9 ? SearchTestKit.Completed(n, n, random.Propose(n, [])) : new FinishedTrial(n, random.Propose(n, []), null, null, null))
            .ToList();
        CollectionAssert.AreEqual(random.Propose(14, []), new TpeSampler(domains, seed: 4).Propose(14, finished));
        finished.Add(SearchTestKit.Completed(14, 0.5, random.Propose(14, [])));
        CollectionAssert.AreNotEqual(random.Propose(15, []), new TpeSampler(domains, seed: 4).Propose(15, finished));
    }

    [TestMethod]
    public void Propose_AfterStartup_InBoundsAndOfTheRightKind()
    {
        var domains = SearchTestKit.AllKinds();
        var sampler = new TpeSampler(domains, seed: 2, startupTrials: 5);
        var finished = new List<FinishedTrial>();
        for (int n = 0; n < 40; n++)
        {
            var values = sampler.Propose(n, finished);
            SearchTestKit.AssertInDomains(domains, values);
            finished.Add(SearchTestKit.Completed(n, Loss(values), values));
        }
    }

    [TestMethod]
    public void Propose_OneDimensionalToy_MuchCloserToTheOptimumThanRandom()
    {
        // loss = (log10(x) + 3)^2, best at x = 1e-3; the same 10 random startup trials, then 20 more by TPE (told each
        // result) or by random search. Over 5 seeds TPE lands on average well under 3/4 of random's distance (in
        // decades) from the optimum; random's mean distance is about 1 decade.
        double tpeDistance = 0;
        double randomDistance = 0;
        for (int seed = 0; seed < 5; seed++)
        {
            var random = new RandomSampler(LearningRate, seed);
            var tpe = new TpeSampler(LearningRate, seed);
            var finished = new List<FinishedTrial>();
            for (int n = 0; n < 30; n++)
            {
                double x = tpe.Propose(n, finished)[0];
                double distance = Math.Abs(Math.Log10(x) + 3);
                finished.Add(SearchTestKit.Completed(n, distance * distance, x));
                if (n >= 10)
                {
                    tpeDistance += distance / 100;
                    randomDistance += Math.Abs(Math.Log10(random.Propose(n, [])[0]) + 3) / 100;
                }
            }
        }

        Assert.IsTrue(randomDistance > 0.7, $"random {randomDistance:F3}");
        Assert.IsTrue(tpeDistance < 0.75 * randomDistance, $"TPE {tpeDistance:F3} vs random {randomDistance:F3} decades from the optimum");
    }

    [TestMethod]
    public void Propose_LogScaleWholeNumber_WholeAndCloserToTheOptimumThanRandom()
    {
        // loss = |log2(k) - 5| over whole k in 1..1024 on a log scale, best at k = 32.
        ParameterDomain[] domains = [new("width", SearchParameterKind.WholeNumber, 1, 1024, true)];
        double tpeDistance = 0;
        double randomDistance = 0;
        for (int seed = 0; seed < 5; seed++)
        {
            var random = new RandomSampler(domains, seed);
            var tpe = new TpeSampler(domains, seed);
            var finished = new List<FinishedTrial>();
            for (int n = 0; n < 30; n++)
            {
                double k = tpe.Propose(n, finished)[0];
                SearchTestKit.AssertInDomains(domains, [k]);
                double distance = Math.Abs(Math.Log2(k) - 5);
                finished.Add(SearchTestKit.Completed(n, distance, k));
                if (n >= 10)
                {
                    tpeDistance += distance;
                    randomDistance += Math.Abs(Math.Log2(random.Propose(n, [])[0]) - 5);
                }
            }
        }

        Assert.IsTrue(tpeDistance < 0.75 * randomDistance, $"TPE {tpeDistance / 100:F3} vs random {randomDistance / 100:F3} octaves from the optimum");
    }

    [TestMethod]
    public void Propose_ChoiceWhoseValueTwoIsBest_ProposedMostOften()
    {
        ParameterDomain[] domains = [new("activation", SearchParameterKind.Choice, 0, 3, false)];
        var sampler = new TpeSampler(domains, seed: 6);
        var finished = new List<FinishedTrial>();
        var counts = new int[4];
        for (int n = 0; n < 40; n++)
        {
            double c = sampler.Propose(n, finished)[0];
            finished.Add(SearchTestKit.Completed(n, (c == 2 ? 0 : 1) + (0.01 * (n % 7)), c));
            if (n >= 10)
            {
                counts[(int)c]++;
            }
        }

        Assert.AreEqual(2, Array.IndexOf(counts, counts.Max()), $"counts {string.Join(", ", counts)}");
        Assert.IsTrue(counts[2] >= 15, $"value 2 proposed {counts[2]} times of 30");
    }

    [TestMethod]
    public void Propose_PrunedTrialsWithLowIntermediateLosses_CountAsBad()
    {
        // Completed trials near x = 0.9 with loss 1; pruned trials near x = 0.1 whose intermediate losses (0.1) are
        // lower: were pruned trials ranked by that loss, TPE would propose near 0.1.
        ParameterDomain[] domains = [new("x", SearchParameterKind.Uniform, 0, 1, false)];
        var finished = new List<FinishedTrial>();
        for (int n = 0; n < 20; n++)
        {
            finished.Add(n % 5 == 0
                ? SearchTestKit.Completed(n, 1.0, 0.85 + (0.01 * (n / 5)))
                : SearchTestKit.Pruned(n, 2, 0.1, 0.05 + (0.005 * n)));
        }

        var sampler = new TpeSampler(domains, seed: 9);
        var proposals = Enumerable.Range(20, 20).Select(n => sampler.Propose(n, finished)[0]).ToArray();
        Assert.IsTrue(proposals.Average() > 0.6, $"mean proposal {proposals.Average():F3}");
    }

    [TestMethod]
    public void Rank_CompletedByLossThenPrunedDeeperFirst_FailedLeftOut()
    {
        FinishedTrial[] finished =
        [
            SearchTestKit.Pruned(0, 2, 0.1, 0),
            SearchTestKit.Completed(1, 0.5, 0),
            new FinishedTrial(2, [0], null, null, null),
            SearchTestKit.Pruned(3, 4, 0.9, 0),
            SearchTestKit.Completed(4, 0.2, 0),
            SearchTestKit.Pruned(5, 4, 0.3, 0),
            SearchTestKit.Completed(6, double.NaN, 0),
        ];
        int[] order = [4, 1, 6, 5, 3, 0];
        CollectionAssert.AreEqual(order, TrialRanking.Rank(finished).Select(t => t.Number).ToArray());
        Assert.AreEqual(1, TrialRanking.GoodCount(1));
        Assert.AreEqual(2, TrialRanking.GoodCount(11));
        Assert.AreEqual(25, TrialRanking.GoodCount(1000));
    }

    private static double Loss(double[] values) => Math.Abs(Math.Log10(values[1]) + 3) + (0.1 * values[2]) + (values[4] == 1 ? 0 : 0.5);
}
