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
    public void Hyperband_AssignsBrackets_AndRecordsThemInTheTable()
    {
        var space = new SearchSpace<DeepMlpBinaryTrainer.Options>(SearchData.BinaryOptions(epochs: 9)).LogUniform(o => o.LearningRate, 1e-3, 3e-2);

        var result = SearchData.Binary(_ml).SearchHyperparameters(space, setup => SearchData.BinaryPipeline(_ml, setup),
            new SearchOptions { Method = SearchMethod.Random, MaxTrials = 6, Pruning = SearchPruning.Hyperband, MinEpochsBeforePruning = 1, RefitAndEvaluateTest = false, Seed = 2 });

        Assert.IsTrue(result.Trials.All(t => t.Bracket is >= 0 and <= 2), result.ToTable());
        StringAssert.Contains(result.ToTable(), "Bracket");
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
