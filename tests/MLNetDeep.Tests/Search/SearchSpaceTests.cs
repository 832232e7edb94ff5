namespace MLNetDeep.Tests.Search;

/// <summary>SearchSpace: options selected by lambda, pipeline choices by name, every mistake refused with a message that says what to do.</summary>
[TestClass]
public sealed class SearchSpaceTests
{
    private static readonly int[] Small = [64], Deep = [128, 64], FiveThree = [5, 3];

    [TestMethod]
    public void Parameters_KeepOrderKindsBoundsAndTheirOption()
    {
        var space = new SearchSpace<DeepMlpRegressionTrainer.Options>()
            .LogUniform(o => o.LearningRate, 1e-4, 1e-2)
            .WholeNumber(o => o.BatchSize, 16, 256, logScale: true)
            .Choice(o => o.HiddenLayerSizes, Small, Deep)
            .Uniform("Noise", 0, 0.5);

        Assert.AreEqual("LearningRate, BatchSize, HiddenLayerSizes, Noise", string.Join(", ", space.Parameters.Select(p => p.Name)));
        CollectionAssert.AreEqual(new[] { SearchParameterKind.LogUniform, SearchParameterKind.WholeNumber, SearchParameterKind.Choice, SearchParameterKind.Uniform },
            space.Parameters.Select(p => p.Kind).ToArray());
        CollectionAssert.AreEqual(new[] { "LearningRate", "BatchSize", "HiddenLayerSizes", null }, space.Parameters.Select(p => p.OptionName).ToArray());
        Assert.AreEqual(16, space.Parameters[1].Minimum);
        Assert.AreEqual(2, space.Parameters[2].Choices.Count);
    }

    [TestMethod]
    public void BaseOptions_AreCopied_AndValuesSetOnEachTrialsCopy()
    {
        var baseOptions = new DeepMlpBinaryTrainer.Options { NumberOfEpochs = 3 };
        var space = new SearchSpace<DeepMlpBinaryTrainer.Options>(baseOptions).Choice(o => o.HiddenLayerSizes, FiveThree);
        baseOptions.NumberOfEpochs = 99;

        var copy = space.BaseOptions;
        space.Parameters[0].Apply(copy, space.Parameters[0].Decode(0));
        ((int[])space.Parameters[0].Choices[0]!)[0] = 7;

        Assert.AreEqual(3, copy.NumberOfEpochs);
        Assert.AreEqual("5, 3", string.Join(", ", copy.HiddenLayerSizes));
        Assert.AreEqual(3, space.BaseOptions.NumberOfEpochs);
    }

    [TestMethod]
    public void Mistakes_AreRefused_NamingTheParameterAndTheFix()
    {
        var space = new SearchSpace<DeepMlpBinaryTrainer.Options>().Uniform(o => o.DropoutRate, 0, 0.5);

        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => space.LogUniform(o => o.LearningRate, 0, 1e-2)).Message,
            "The search range of 'LearningRate' is log-uniform, so its minimum must be > 0");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => space.Uniform(o => o.MixupAlpha, 0.4, 0.1)).Message,
            "The search range of 'MixupAlpha' is [0.4, 0.1], but needs finite bounds with minimum < maximum.");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => space.Uniform(o => o.DropoutRate, 0, 0.3)).Message,
            "already has a parameter named 'DropoutRate'");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => space.Choice("BatchSize", 32, 64)).Message,
            "'BatchSize' is a property of Options: select it with a lambda (o => o.BatchSize)");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => space.Choice(o => o.EarlyStopping!.Patience, 2, 5)).Message,
            "must name a settable property of the options, like o => o.LearningRate");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => space.Choice<int>("Empty")).Message, "The choice 'Empty' needs at least one value.");
    }

    [TestMethod]
    public void TrialSetup_Get_ReadsTypedValues_AndExplainsMistakes()
    {
        var setup = new SearchTrialSetup<DeepMlpBinaryTrainer.Options>(0, new DeepMlpBinaryTrainer.Options(),
            new Dictionary<string, object?> { ["Normalizer"] = "MinMax", ["Layers"] = 2 });

        Assert.AreEqual("MinMax", setup.Get<string>("Normalizer"));
        Assert.AreEqual(2, setup.Get<int>("Layers"));
        StringAssert.Contains(Assert.ThrowsExactly<KeyNotFoundException>(() => setup.Get<int>("Depth")).Message, "no parameter 'Depth'. Parameters: Normalizer, Layers.");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidCastException>(() => setup.Get<double>("Layers")).Message, "is of type Int32, not Double");
    }

    [TestMethod]
    public void SearchOptions_Invalid_ListsEveryProblem()
    {
        var workflowData = new Microsoft.ML.MLContext(seed: 1);
        var options = new SearchOptions { MaxTrials = 0, ParallelTrials = 0, ReductionFactor = 1, GridPointsPerRange = 1 };
        var e = Assert.ThrowsExactly<ArgumentException>(() => SearchData.Binary(workflowData).SearchHyperparameters(
            new SearchSpace<DeepMlpBinaryTrainer.Options>().Choice("A", 1), s => SearchData.BinaryPipeline(workflowData, s), options));

        foreach (string part in new[] { "MaxTrials is 0, but must be null or at least 1", "ParallelTrials is 0", "ReductionFactor is 1", "GridPointsPerRange is 1" })
            StringAssert.Contains(e.Message, part);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => SearchData.Binary(workflowData).SearchHyperparameters(
            new SearchSpace<DeepMlpBinaryTrainer.Options>(), s => SearchData.BinaryPipeline(workflowData, s))).Message, "The search space is empty");
    }

    [TestMethod]
    public void RangeOrChoiceOfTheWrongType_IsRefused_NamingTheMethodToUse()
    {
        var space = new SearchSpace<DeepMlpBinaryTrainer.Options>();

        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => space.LogUniform(o => o.BatchSize, 16, 128)).Message,
            "'BatchSize' is an option of type Int32, so it cannot take a LogUniform range: use WholeNumber(o => o.BatchSize, min, max, logScale: true) or Choice.");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => space.Choice(o => (double)o.NumberOfEpochs, 10.0, 20.0)).Message,
            "The choice 'NumberOfEpochs' has the value 10 of type Double, but the option is of type Int32");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => space.WholeNumber(o => (int)o.MixupAlpha, 0, 2)).Message,
            "'MixupAlpha' is an option of type Double, so it cannot take a WholeNumber range: use Uniform(o => o.MixupAlpha, min, max) or Choice.");
        space.Choice(o => o.BatchSize, 0, 32, 64).Choice(o => o.Seed, null, 3).Choice(o => o.Activation, Activation.ReLU, Activation.GELU);
        Assert.AreEqual("BatchSize, Seed, Activation", string.Join(", ", space.Parameters.Select(p => p.Name)));
    }
}
