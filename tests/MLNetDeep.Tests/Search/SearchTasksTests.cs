using Microsoft.ML;
using MLNetDeep.Tests.TestOnce;

namespace MLNetDeep.Tests.Search;

/// <summary>The search on each task (default metrics), and trials that diverge recorded as failed while the search goes on.</summary>
[TestClass]
public sealed class SearchTasksTests
{
    private readonly MLContext _ml = new(seed: 1);

    private IDataView Data() => _ml.Data.Cache(_ml.Data.LoadFromEnumerable(SplitData.Rows(300, seed: 1)));

    [TestMethod]
    public void Regression_MinimizesRmse_AndScoresTheTestRows()
    {
        var workflow = _ml.Regression.CreateTestOnceWorkflow(Data(), new TestOnceOptions { LabelColumnName = "Target", Seed = 2, FeatureColumnName = null });
        var space = new SearchSpace<DeepMlpRegressionTrainer.Options>(new() { LabelColumnName = "Target", HiddenLayerSizes = [8], NumberOfEpochs = 15, BatchSize = 16 })
            .LogUniform(o => o.LearningRate, 1e-2, 3e-2);

        var result = workflow.SearchHyperparameters(space, setup => new DeepMlpEstimatorChain<ITransformer>()
            .Append(_ml.Transforms.Concatenate("Features", "A", "B", "C"))
            .Append(_ml.Regression.Trainers.DeepMlp(setup.Options)), new SearchOptions { Method = SearchMethod.Random, MaxTrials = 2, Seed = 1 });

        Assert.AreEqual(MetricNames.Rmse, result.MetricName);
        Assert.IsFalse(result.HigherIsBetter);
        Assert.AreEqual(result.Trials.Min(t => t.Objective), result.BestTrial.Objective);
        Assert.AreEqual(result.BestValidationReport[MetricNames.Rmse].Value, result.BestTrial.Objective!.Value, 1e-12);
        Assert.IsTrue(result.TestReport![MetricNames.RSquared].Value > 0, result.TestReport.ToTable());
    }

    [TestMethod]
    public void Multiclass_WithAMetricToMaximize_PicksTheHighest()
    {
        var workflow = _ml.MulticlassClassification.CreateTestOnceWorkflow(Data(), new TestOnceOptions { LabelColumnName = "Class", Seed = 2, FeatureColumnName = null });
        var space = new SearchSpace<DeepMlpMulticlassTrainer.Options>(new() { LabelColumnName = "Class", HiddenLayerSizes = [8], NumberOfEpochs = 3, BatchSize = 32 })
            .Choice("Features", "A", "B");

        var result = workflow.SearchHyperparameters(space, setup => new DeepMlpEstimatorChain<ITransformer>()
            .Append(_ml.Transforms.Conversion.MapValueToKey("Class"))
            .Append(_ml.Transforms.Concatenate("Features", setup.Get<string>("Features"), "C"))
            .Append(_ml.MulticlassClassification.Trainers.DeepMlp(setup.Options)),
            new SearchOptions { Method = SearchMethod.Grid, Seed = 4, Metric = MetricNames.MacroAccuracy, Pruning = SearchPruning.None });

        Assert.IsTrue(result.HigherIsBetter);
        Assert.AreEqual(2, result.Trials.Count);
        Assert.AreNotEqual(result.Trials[0].Objective, result.Trials[1].Objective, result.ToTable());
        Assert.AreEqual(result.Trials.Max(t => t.Objective), result.BestTrial.Objective);
        Assert.IsNotNull(result.TestReport);
    }

    [TestMethod]
    public void DivergingTrial_IsRecordedAsFailed_AndTheSearchGoesOn()
    {
        var space = new SearchSpace<DeepMlpBinaryTrainer.Options>(SearchData.BinaryOptions(epochs: 4)).Choice("Unused", 1);
        var result = SearchData.Binary(_ml).SearchHyperparameters(space, setup =>
        {
            if (setup.Number == 1)
            {
                setup.Options.LearningRate = 1e12;
                setup.Options.Optimizer = OptimizerAlgorithm.Sgd;
            }
            return SearchData.BinaryPipeline(_ml, setup);
        }, new SearchOptions { Method = SearchMethod.Random, MaxTrials = 3, Pruning = SearchPruning.None, RefitAndEvaluateTest = false });

        Assert.AreEqual(SearchTrialState.Failed, result.Trials[1].State, result.ToTable());
        Assert.IsNull(result.Trials[1].Objective);
        StringAssert.Contains(result.Trials[1].Message, "diverged");
        Assert.AreEqual(SearchTrialState.Completed, result.Trials[2].State);
        Assert.AreNotEqual(1, result.BestTrial.Number);
    }
}
