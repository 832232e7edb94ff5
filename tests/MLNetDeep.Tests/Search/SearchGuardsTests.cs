using Microsoft.ML;
using static TorchSharp.torch;

namespace MLNetDeep.Tests.Search;

/// <summary>What the search refuses before training, and what it leaves as it found it.</summary>
[TestClass]
public sealed class SearchGuardsTests
{
    private readonly MLContext _ml = new(seed: 1);

    private static SearchSpace<DeepMlpBinaryTrainer.Options> Space() =>
        new SearchSpace<DeepMlpBinaryTrainer.Options>(SearchData.BinaryOptions(epochs: 2)).LogUniform(o => o.LearningRate, 1e-3, 1e-2);

    [TestMethod]
    public void UnknownMetric_IsRefusedBeforeAnyTrial_ListingTheMetrics()
    {
        var progress = new SearchData.Recorder<SearchProgress>();
        var e = Assert.ThrowsExactly<ArgumentException>(() => SearchData.Binary(_ml).SearchHyperparameters(Space(), setup => SearchData.BinaryPipeline(_ml, setup),
            new SearchOptions { Metric = "LogLoss", Progress = progress }));

        StringAssert.Contains(e.Message, "SearchOptions.Metric is 'LogLoss', which the validation report does not have. Use one of: Log-loss, AUC,");
        Assert.AreEqual(0, progress.Reports.Count);
    }

    [TestMethod]
    public void OptionValueTheTrainerRefuses_StopsTheSearch_NamingTheTrialAndItsValues()
    {
        var space = new SearchSpace<DeepMlpBinaryTrainer.Options>(SearchData.BinaryOptions(epochs: 2)).Choice(o => o.BatchSize, 0);

        var e = Assert.ThrowsExactly<ArgumentException>(() => SearchData.Binary(_ml).SearchHyperparameters(space, setup => SearchData.BinaryPipeline(_ml, setup),
            new SearchOptions { MaxTrials = 1 }));

        StringAssert.StartsWith(e.Message, "Trial 0 (BatchSize=0) could not be built or fitted: Invalid DeepMlp options:");
        StringAssert.Contains(e.Message, "BatchSize is 0, but must be at least 1.");
    }

    [TestMethod]
    public void MlNetChainEndingInDeepMlp_IsRefused_PointingToDeepMlpEstimatorChain()
    {
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => SearchData.Binary(_ml).SearchHyperparameters(Space(),
            setup => _ml.Transforms.Concatenate("Features", "A", "B", "C").Append(_ml.BinaryClassification.Trainers.DeepMlp(setup.Options)),
            new SearchOptions { MaxTrials = 1 }));

        StringAssert.Contains(e.Message, "is an ML.NET EstimatorChain ending in a DeepMlp trainer");
        StringAssert.Contains(e.Message, "new DeepMlpEstimatorChain<ITransformer>()");
    }

    [TestMethod]
    public void ParallelSearch_LeavesLibtorchsThreadCountAsItWas()
    {
        int before = ThreadCountOnANewThread();

        SearchData.Binary(_ml).SearchHyperparameters(Space(), setup => SearchData.BinaryPipeline(_ml, setup),
            new SearchOptions { Method = SearchMethod.Random, MaxTrials = 2, ParallelTrials = 2, Pruning = SearchPruning.None, RefitAndEvaluateTest = false });

        Assert.AreEqual(before, ThreadCountOnANewThread());
        Assert.AreEqual(before, get_num_threads());
    }

    private static int ThreadCountOnANewThread()
    {
        int count = 0;
        var thread = new Thread(() => count = get_num_threads());
        thread.Start();
        thread.Join();
        return count;
    }
}
