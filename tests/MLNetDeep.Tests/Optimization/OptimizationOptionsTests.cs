namespace MLNetDeep.Tests.Optimization;

[TestClass]
public sealed class OptimizationOptionsTests
{
    private static string Error(Action<DeepMlpBinaryTrainer.Options> configure)
    {
        var options = new DeepMlpBinaryTrainer.Options();
        configure(options);
        return Assert.ThrowsExactly<ArgumentException>(() => new DeepMlpBinaryTrainer(options)).Message;
    }

    [TestMethod]
    public void Create_WithL2RegularizationAndAdamW_AsksForWeightDecay() =>
        StringAssert.Contains(Error(o => { o.Optimizer = OptimizerAlgorithm.AdamW; o.L2Regularization = 0.1; }),
            "- L2Regularization is 0.1, but must be 0 with Optimizer = AdamW, which decays weights through WeightDecay (decoupled) instead.");

    [TestMethod]
    public void Create_WithWeightDecayAndAdam_AsksForAdamWOrL2() =>
        StringAssert.Contains(Error(o => o.WeightDecay = 0.01),
            "- WeightDecay is 0.01, but only AdamW has decoupled weight decay; set Optimizer = AdamW, or use L2Regularization with Adam.");

    [TestMethod]
    public void Create_WithNesterovOutsideSgd_OrWithoutMomentum_Fails()
    {
        StringAssert.Contains(Error(o => o.Nesterov = true), "- Nesterov is True, but only Sgd has Nesterov momentum; set Optimizer = Sgd or Nesterov = false.");
        StringAssert.Contains(Error(o => { o.Optimizer = OptimizerAlgorithm.Sgd; o.Nesterov = true; o.Momentum = 0; }),
            "- Nesterov is True, but Nesterov momentum needs Momentum > 0.");
    }

    [TestMethod]
    public void Create_WithInvalidScheduleSettings_ListsEachOne()
    {
        string message = Error(o =>
        {
            o.LearningRateSchedule = LearningRateSchedule.OneCycle;
            o.WarmupSteps = 10;
            o.WarmupFraction = 0.1;
            o.LearningRateStepSize = 0;
            o.LearningRateStepGamma = 1.5;
            o.PlateauPatience = -1;
            o.PlateauFactor = 1;
            o.MinLearningRate = 0.5;
            o.Momentum = 1;
        });

        StringAssert.Contains(message, "- Momentum is 1, but must be in [0, 1).");
        StringAssert.Contains(message, "- LearningRateStepSize is 0, but must be at least 1 (epochs).");
        StringAssert.Contains(message, "- LearningRateStepGamma is 1.5, but must be in (0, 1].");
        StringAssert.Contains(message, "- PlateauPatience is -1, but must be at least 0 (epochs).");
        StringAssert.Contains(message, "- PlateauFactor is 1, but must be in (0, 1).");
        StringAssert.Contains(message, "- MinLearningRate is 0.5, but must be >= 0 and below LearningRate.");
        StringAssert.Contains(message, "- WarmupFraction is 0.1, but must be 0 when WarmupSteps is set (give one or the other).");
        StringAssert.Contains(message, "- LearningRateSchedule is OneCycle, but OneCycle has its own warm-up; set WarmupSteps and WarmupFraction to 0.");
    }

    [TestMethod]
    public void Create_WithInvalidClippingAccumulationAndPrecision_ListsEachOne()
    {
        string message = Error(o =>
        {
            o.GradientClippingValue = 0;
            o.GradientAccumulationSteps = 0;
            o.MixedPrecision = (MixedPrecision)7;
            o.Optimizer = (OptimizerAlgorithm)9;
        });

        StringAssert.Contains(message, "- GradientClippingValue is 0, but must be null or a finite number > 0.");
        StringAssert.Contains(message, "- GradientAccumulationSteps is 0, but must be at least 1.");
        StringAssert.Contains(message, "- MixedPrecision is 7, but must be one of None, Float16, BFloat16.");
        StringAssert.Contains(message, "- Optimizer is 9, but must be one of Adam, AdamW, Sgd, RMSprop.");
    }
}
