using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MLNetDeep.Tests.Search;

/// <summary><c>SearchHyperparameters</c>: deterministic with a seed, prunes clearly worse curves, keeps its budgets, refits and scores the test rows once.</summary>
[TestClass]
public sealed class HyperparameterSearchTests
{
    private readonly MLContext _ml = new(seed: 1);

    private static SearchSpace<DeepMlpBinaryTrainer.Options> Space() =>
        new SearchSpace<DeepMlpBinaryTrainer.Options>(SearchData.BinaryOptions())
            .LogUniform(o => o.LearningRate, 1e-3, 3e-2)
            .Choice(o => o.HiddenLayerSizes, [4], [8, 4])
            .Choice("Extra", false, true);

    private SearchResult<BinaryMetricsReport> Run(SearchOptions options, int workflowSeed = 7) =>
        SearchData.Binary(_ml, workflowSeed).SearchHyperparameters(Space(), setup => SearchData.BinaryPipeline(_ml, setup), options);

    [TestMethod]
    public void Search_WithSeedAndTrialBudget_IsEqualRunToRun_AndScoresTheTestRowsOnce()
    {
        var options = new SearchOptions { Method = SearchMethod.Tpe, StartupTrials = 2, MaxTrials = 4, Seed = 3 };

        var first = Run(options);
        var second = Run(options);

        Assert.AreEqual(4, first.Trials.Count);
        Assert.AreEqual(SearchStopReason.TrialBudget, first.StopReason);
        Assert.AreEqual(MetricNames.LogLoss, first.MetricName);
        Assert.IsFalse(first.HigherIsBetter);
        CollectionAssert.AreEqual(Describe(first), Describe(second));
        var best = first.Trials.Where(t => t.Objective is not null).MinBy(t => t.Objective)!;
        Assert.AreEqual(best.Number, first.BestTrial.Number);
        Assert.AreEqual(best.Objective!.Value, first.BestValidationReport[MetricNames.LogLoss].Value, 1e-12);
        Assert.IsNotNull(first.FinalModel);
        Assert.IsNotNull(first.TestReport);
        Assert.IsTrue(first.TestReport.RowCount is > 30 and < 60, $"{first.TestReport.RowCount} test rows");
    }

    [TestMethod]
    public void Refit_RunsTheKeptEpochsOnTrainingAndValidationRows_AndASecondTestScoreIsRefused()
    {
        var workflow = SearchData.Binary(_ml);
        var space = new SearchSpace<DeepMlpBinaryTrainer.Options>(new() { HiddenLayerSizes = [8], NumberOfEpochs = 12, BatchSize = 32, EarlyStopping = new() { Patience = 2 } })
            .LogUniform(o => o.LearningRate, 1e-2, 5e-2);
        var result = workflow.SearchHyperparameters(space, setup => SearchData.BinaryPipeline(_ml, setup),
            new SearchOptions { Method = SearchMethod.Random, MaxTrials = 2, Pruning = SearchPruning.None, Seed = 1 });

        var refit = ((IEnumerable<ITransformer>)result.FinalModel!).OfType<DeepMlpTransformer>().Single();
        Assert.AreEqual(result.BestTrial.SelectedEpoch, refit.History.Epochs.Count, result.ToTable());
        Assert.IsTrue(refit.History.Epochs.All(e => e.ValidationLoss is null), "the refit has no validation split");
        Assert.AreEqual(workflow.TrainingRowCount + workflow.ValidationRowCount, result.FinalModel!.Transform(workflow.TrainingAndValidationData).GetColumn<float>("Score").Count());
        Assert.AreEqual(workflow.ValidationRowCount, result.BestModel.Transform(workflow.ValidationData).GetColumn<float>("Score").Count(), "the best model still scores");
        Assert.IsNotNull(workflow.TestScoredBy);
        Assert.IsNotNull(workflow.Leakage);
        Assert.ThrowsExactly<InvalidOperationException>(() => workflow.EvaluateTestOnce(result.BestModel));
        var again = Assert.ThrowsExactly<InvalidOperationException>(() => workflow.SearchHyperparameters(space, setup => SearchData.BinaryPipeline(_ml, setup),
            new SearchOptions { MaxTrials = 1, Progress = new SearchData.Recorder<SearchProgress>(_ => Assert.Fail("no trial may run")) }));
        StringAssert.Contains(again.Message, "RefitAndEvaluateTest = false");
    }

    [TestMethod]
    public void Pruning_StopsATrialWhoseCurveIsClearlyWorse_AtTheFirstRung()
    {
        // Trials 0-2 learn (same seed, same curve); trial 3 barely moves its weights.
        var space = new SearchSpace<DeepMlpBinaryTrainer.Options>(SearchData.BinaryOptions(epochs: 8)).Choice("Unused", 1);
        var result = SearchData.Binary(_ml).SearchHyperparameters(space, setup =>
        {
            setup.Options.LearningRate = setup.Number < 3 ? 3e-2 : 1e-7;
            return SearchData.BinaryPipeline(_ml, setup);
        }, new SearchOptions { Method = SearchMethod.Random, MaxTrials = 4, Pruning = SearchPruning.SuccessiveHalving, MinEpochsBeforePruning = 2, ReductionFactor = 3, RefitAndEvaluateTest = false });

        for (int i = 0; i < 3; i++)
        {
            Assert.AreEqual(SearchTrialState.Completed, result.Trials[i].State, result.ToTable());
            Assert.AreEqual(8, result.Trials[i].Epochs);
        }
        var pruned = result.Trials[3];
        Assert.AreEqual(SearchTrialState.Pruned, pruned.State, result.ToTable());
        Assert.AreEqual(2, pruned.Epochs);
        Assert.IsNull(pruned.Objective);
        Assert.AreEqual("Pruned after epoch 2.", pruned.Message);
        Assert.IsNull(result.FinalModel);
    }

    [TestMethod]
    public void TimeBudget_EndsTheSearch_AndStopsTheRunningTrial()
    {
        var space = new SearchSpace<DeepMlpBinaryTrainer.Options>(SearchData.BinaryOptions(epochs: 5000)).LogUniform(o => o.LearningRate, 1e-3, 1e-2);
        var result = SearchData.Binary(_ml).SearchHyperparameters(space, setup => SearchData.BinaryPipeline(_ml, setup),
            new SearchOptions { MaxTrials = null, MaxTime = TimeSpan.FromSeconds(3), Pruning = SearchPruning.None, RefitAndEvaluateTest = false });

        Assert.AreEqual(SearchStopReason.TimeBudget, result.StopReason);
        Assert.AreEqual(SearchTrialState.StoppedByTimeBudget, result.Trials[^1].State, result.ToTable());
        Assert.IsTrue(result.Trials[^1].Epochs < 5000);
        Assert.IsNotNull(result.Trials[^1].Objective);
        Assert.IsTrue(result.SearchTime < TimeSpan.FromSeconds(3 + 4), $"{result.SearchTime.TotalSeconds} s");
    }

    [TestMethod]
    public void ParallelTrials_ProposeTheSameValues_AsOneAtATime()
    {
        var sequential = Run(new SearchOptions { Method = SearchMethod.Random, MaxTrials = 4, Pruning = SearchPruning.None, Seed = 5, RefitAndEvaluateTest = false });
        var parallel = Run(new SearchOptions { Method = SearchMethod.Random, MaxTrials = 4, Pruning = SearchPruning.None, Seed = 5, RefitAndEvaluateTest = false, ParallelTrials = 2 });

        CollectionAssert.AreEqual(sequential.Trials.Select(t => Values(t)).ToList(), parallel.Trials.Select(t => Values(t)).ToList());
        for (int i = 0; i < 4; i++)
            Assert.AreEqual(sequential.Trials[i].Objective!.Value, parallel.Trials[i].Objective!.Value, 1e-3, $"trial {i}");
    }

    [TestMethod]
    public void Progress_ReportsEpochsAndTrialEnds_AndTheLogHasOneLinePerTrial()
    {
        var messages = new List<string>();
        _ml.Log += (_, e) =>
        {
            if (e.Source.StartsWith("HyperparameterSearch", StringComparison.Ordinal))
            {
                lock (messages)
                    messages.Add(e.RawMessage);
            }
        };
        var progress = new SearchData.Recorder<SearchProgress>();
        var result = Run(new SearchOptions { Method = SearchMethod.Random, MaxTrials = 2, Pruning = SearchPruning.None, Progress = progress, RefitAndEvaluateTest = false });

        var ends = progress.Reports.Where(r => r.TrialEnded is not null).ToList();
        Assert.AreEqual(2, ends.Count);
        Assert.AreEqual(2, ends[^1].TrialsFinished);
        Assert.AreEqual(1, ends[^1].Trial);
        Assert.AreEqual(result.Trials[1].Epochs, ends[^1].Epoch);
        Assert.AreEqual(6, ends[^1].NumberOfEpochs);
        Assert.AreEqual(result.BestTrial.Number, ends[^1].BestTrial);
        Assert.AreEqual(result.BestTrial.Objective, ends[^1].BestObjective);
        Assert.IsNotNull(ends[^1].EstimatedTimeRemaining);
        Assert.AreEqual(12, progress.Reports.Count(r => r.Epoch > 0 && r.ValidationLoss is not null));
        Assert.AreEqual(2, messages.Count(m => m.StartsWith("Trial ", StringComparison.Ordinal)), string.Join("\n", messages));
        Assert.IsTrue(messages.Any(m => m.StartsWith("Best: trial", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Cancellation_DuringATrial_Throws_AndLeavesTheTestRowsUnscored()
    {
        using var cancel = new CancellationTokenSource();
        var workflow = SearchData.Binary(_ml);
        var progress = new SearchData.Recorder<SearchProgress>(r => { if (r.Epoch == 2) cancel.Cancel(); });

        Assert.ThrowsExactly<OperationCanceledException>(() => workflow.SearchHyperparameters(Space(), setup => SearchData.BinaryPipeline(_ml, setup),
            new SearchOptions { MaxTrials = 3, Progress = progress, CancellationToken = cancel.Token }));
        Assert.IsNull(workflow.TestScoredBy);
    }

    [TestMethod]
    public void PipelineThatIgnoresTheTrialOptions_IsRefusedWithAnExplanation()
    {
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => SearchData.Binary(_ml).SearchHyperparameters(Space(),
            _ => new DeepMlpEstimatorChain<ITransformer>().Append(_ml.Transforms.Concatenate("Features", "A", "B", "C"))
                .Append(_ml.BinaryClassification.Trainers.DeepMlp(hiddenLayerSizes: [4], numberOfEpochs: 2)),
            new SearchOptions { MaxTrials = 1 }));
        StringAssert.Contains(e.Message, "did not train a DeepMlp trainer built from the trial's options (setup.Options)");
    }

    [TestMethod]
    public void TableAndCsv_HoldEveryTrial_WithTheBestMarked()
    {
        var result = Run(new SearchOptions { Method = SearchMethod.Random, MaxTrials = 3, Pruning = SearchPruning.None, RefitAndEvaluateTest = false });
        string path = Path.Combine(Path.GetTempPath(), $"search-{Guid.NewGuid():N}.csv");
        try
        {
            result.SaveCsv(path);
            var lines = File.ReadAllLines(path);
            Assert.AreEqual(4, lines.Length);
            StringAssert.StartsWith(lines[0], "trial,state,LearningRate,HiddenLayerSizes,Extra,objective,metric,epochs,selected_epoch,seconds,bracket,best_so_far,validation_losses,validation_metrics,message");
            var best = SplitCsv(lines[1 + result.BestTrial.Number]);
            Assert.AreEqual(15, best.Count, lines[1 + result.BestTrial.Number]);
            Assert.AreEqual(result.BestTrial.Objective!.Value, double.Parse(best[5], CultureInfo.InvariantCulture), 1e-12);
            Assert.AreEqual(SearchParameter.Format(result.BestTrial.Parameters["HiddenLayerSizes"]), best[3]);
            Assert.AreEqual(6, best[12].Split(';').Length);
            Assert.AreEqual(result.BestTrial.ValidationMetrics[^1], double.Parse(best[13].Split(';')[^1], CultureInfo.InvariantCulture), 1e-12);
        }
        finally
        {
            File.Delete(path);
        }
        var table = result.ToTable();
        var marked = table.Split('\n').Where(l => l.StartsWith('*')).ToList();
        Assert.AreEqual(1, marked.Count, table);
        StringAssert.StartsWith(marked[0], "*" + result.BestTrial.Number.ToString(CultureInfo.InvariantCulture) + " ");
        var curve = result.BestSoFar();
        for (int i = 1; i < curve.Count; i++)
            Assert.IsTrue(curve[i] <= curve[i - 1], "best-so-far log-loss never rises");
        Assert.AreEqual(result.BestTrial.Objective!.Value, curve[^1], 1e-12);
    }

    private static List<string> SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                cell.Append(line[++i]);
            else if (c == '"')
                quoted = !quoted;
            else if (c == ',' && !quoted)
                (cells, cell) = (Add(cells, cell.ToString()), new System.Text.StringBuilder());
            else
                cell.Append(c);
        }
        return Add(cells, cell.ToString());

        static List<string> Add(List<string> list, string value)
        {
            list.Add(value);
            return list;
        }
    }

    private static List<string> Describe(SearchResult<BinaryMetricsReport> result) =>
        [.. result.Trials.Select(t => $"{t.Number} {t.State} {Values(t)} {t.Objective:R} {string.Join(";", t.ValidationLosses.Select(l => l.ToString("R", CultureInfo.InvariantCulture)))}")];

    private static string Values(SearchTrial trial) =>
        string.Join(", ", trial.Parameters.Select(p => $"{p.Key}={(p.Value is int[] a ? string.Join("-", a) : Convert.ToString(p.Value, CultureInfo.InvariantCulture))}"));
}
