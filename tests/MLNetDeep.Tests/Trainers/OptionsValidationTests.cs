namespace MLNetDeep.Tests.Trainers;

[TestClass]
public sealed class OptionsValidationTests
{
    [TestMethod]
    public void Create_WithSeveralInvalidOptions_ListsEveryViolationInOneMessage()
    {
        var options = new DeepMlpBinaryTrainer.Options
        {
            BatchSize = 0,
            LearningRate = -0.1,
            DropoutRate = 1,
            HiddenLayerSizes = [8, 0],
            GradientClippingNorm = 0,
        };

        var error = Assert.ThrowsExactly<ArgumentException>(() => new DeepMlpBinaryTrainer(options));

        Assert.AreEqual(
            "Invalid DeepMlp options:" + Environment.NewLine
            + "- HiddenLayerSizes[1] is 0, but must be at least 1." + Environment.NewLine
            + "- DropoutRate is 1, but must be in [0, 1)." + Environment.NewLine
            + "- BatchSize is 0, but must be at least 1." + Environment.NewLine
            + "- LearningRate is -0.1, but must be a finite number > 0." + Environment.NewLine
            + "- GradientClippingNorm is 0, but must be null or a finite number > 0.",
            error.Message);
    }

    [TestMethod]
    public void Create_WithEmptyColumnNameAndNegativeCache_NamesBothOptions()
    {
        var options = new DeepMlpRegressionTrainer.Options { FeatureColumnName = "", MaxCacheSizeInMegabytes = -1 };

        var error = Assert.ThrowsExactly<ArgumentException>(() => new DeepMlpRegressionTrainer(options));

        StringAssert.Contains(error.Message, "FeatureColumnName is '', but must name a column.");
        StringAssert.Contains(error.Message, "MaxCacheSizeInMegabytes is -1, but must be at least 0 (0 always streams).");
    }

    [TestMethod]
    public void Create_WithDefaults_IsValid()
    {
        _ = new DeepMlpBinaryTrainer(new DeepMlpBinaryTrainer.Options());
        _ = new DeepMlpMulticlassTrainer(new DeepMlpMulticlassTrainer.Options());
        _ = new DeepMlpRegressionTrainer(new DeepMlpRegressionTrainer.Options());
    }
}
