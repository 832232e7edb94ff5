using System.Globalization;
using Microsoft.ML;

namespace MLNetDeep.Tests.Search;

/// <summary>Grid and Hyperband through the search, and parallel rounds whose results do not depend on which trial ends first.</summary>
[TestClass]
public sealed class SearchMethodsTests
{
    private static readonly int[] Narrow = [4], Wide = [8, 4];
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    public void Grid_RunsEveryCombinationOnce_ThenStops()
    {
        var space = new SearchSpace<DeepMlpBinaryTrainer.Options>(SearchData.BinaryOptions(epochs: 2))
            .Choice(o => o.HiddenLayerSizes, Narrow, Wide)
            .LogUniform(o => o.LearningRate, 1e-3, 1e-2)
            .Choice("Extra", "x");

        var result = SearchData.Binary(_ml).SearchHyperparameters(space, setup => SearchData.BinaryPipeline(_ml, setup),
            new SearchOptions { Method = SearchMethod.Grid, GridPointsPerRange = 2, MaxTrials = 10, Pruning = SearchPruning.None, RefitAndEvaluateTest = false });

        Assert.AreEqual(SearchStopReason.GridExhausted, result.StopReason);
        var combinations = result.Trials.Select(t => $"{SearchParameter.Format(t.Parameters["HiddenLayerSizes"])} {SearchParameter.Format(t.Parameters["LearningRate"])}").ToList();
        CollectionAssert.AreEquivalent(new List<string> { "[4] 0.001", "[4] 0.01", "[8, 4] 0.001", "[8, 4] 0.01" }, combinations);
    }

    [TestMethod]
    public void Hyperband_PrunesABadTrial_AtItsBracketsFirstRung_ComparingWithinTheBracketOnly()
    {
        // Trials 0-4 learn with the same curve; 5-9 barely move. Epochs 9, m = 1, η = 3: brackets 0, 1, 2 with first rungs at epochs 1, 3, 9.
        var space = new SearchSpace<DeepMlpBinaryTrainer.Options>(SearchData.BinaryOptions(epochs: 9)).Choice("Unused", 1);
        var result = SearchData.Binary(_ml).SearchHyperparameters(space, setup =>
        {
            setup.Options.LearningRate = setup.Number < 5 ? 3e-2 : 1e-7;
            return SearchData.BinaryPipeline(_ml, setup);
        }, new SearchOptions { Method = SearchMethod.Random, MaxTrials = 10, Pruning = SearchPruning.Hyperband, MinEpochsBeforePruning = 1, ReductionFactor = 3, Seed = 2, RefitAndEvaluateTest = false });

        var brackets = new MLNetDeep.Search.HyperbandPruner(1, 9, 3, seed: 2);
        string table = result.ToTable();
        int prunedBad = 0;
        foreach (var trial in result.Trials)
        {
            int bracket = brackets.BracketOf(trial.Number);
            Assert.AreEqual(bracket, trial.Bracket, table);
            if (trial.Number < 5)
            {
                Assert.AreEqual(SearchTrialState.Completed, trial.State, table);
                continue;
            }
            var earlier = result.Trials.Where(t => t.Number < trial.Number && brackets.BracketOf(t.Number) == bracket).ToList();
            int goods = earlier.Count(t => t.Number < 5), k = Math.Max(0, ((earlier.Count + 1) / 3) - 1);
            if (goods > k)
            {
                Assert.AreEqual(SearchTrialState.Pruned, trial.State, $"trial {trial.Number}\n{table}");
                Assert.AreEqual((int)Math.Pow(3, bracket), trial.Epochs, $"trial {trial.Number}\n{table}");
                prunedBad++;
            }
        }
        Assert.IsTrue(prunedBad >= 2, table);
        StringAssert.Contains(table, "Bracket");
    }

    [TestMethod]
    public void ParallelRounds_GiveTheSameTrials_WhicheverTrialEndsFirst()
    {
        SearchResult<BinaryMetricsReport> Run(int slowTrial) => SearchData.Binary(_ml).SearchHyperparameters(
            new SearchSpace<DeepMlpBinaryTrainer.Options>(SearchData.BinaryOptions(epochs: 4)).LogUniform(o => o.LearningRate, 1e-3, 3e-2).Choice(o => o.HiddenLayerSizes, Narrow, Wide),
            setup =>
            {
                if (setup.Number == slowTrial)
                    Thread.Sleep(1500);
                return SearchData.BinaryPipeline(_ml, setup);
            },
            new SearchOptions { Method = SearchMethod.Tpe, StartupTrials = 2, MaxTrials = 4, ParallelTrials = 2, Seed = 9, RefitAndEvaluateTest = false });

        var first = Run(slowTrial: 0);
        var second = Run(slowTrial: 1);

        for (int i = 0; i < 4; i++)
        {
            Assert.AreEqual(Describe(first.Trials[i]), Describe(second.Trials[i]), $"trial {i}");
            Assert.AreEqual(first.Trials[i].State, second.Trials[i].State, $"trial {i}");
            if (first.Trials[i].Objective is { } objective)
                Assert.AreEqual(objective, second.Trials[i].Objective!.Value, 1e-6, $"trial {i}");
        }
    }

    private static string Describe(SearchTrial trial) =>
        string.Join(", ", trial.Parameters.Select(p => $"{p.Key}={SearchParameter.Format(p.Value)}"))
        + " " + string.Join(";", trial.ValidationLosses.Select(l => l.ToString("F5", CultureInfo.InvariantCulture)));
}
