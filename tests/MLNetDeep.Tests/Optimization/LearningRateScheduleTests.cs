using Microsoft.ML;
using MLNetDeep.Tests.Trainers;

namespace MLNetDeep.Tests.Optimization;

/// <summary>100 rows in batches of 10 for 5 epochs: 50 optimizer steps, each recorded with the rate it used.</summary>
[TestClass]
public sealed class LearningRateScheduleTests
{
    private const double Lr = 0.01;
    private const int Steps = 50;
    private readonly MLContext _ml = new(seed: 1);

    private TrainingHistory Fit(LearningRateSchedule schedule, Action<DeepMlpBinaryTrainer.Options>? configure = null)
    {
        var options = OptimizationTestKit.Small();
        options.LearningRateSchedule = schedule;
        configure?.Invoke(options);
        return OptimizationTestKit.Fit(_ml, options);
    }

    /// <summary>Checks the rate of step s (1-based) against <paramref name="expected"/>(t = s − 1, epoch).</summary>
    private static void AssertRates(TrainingHistory history, Func<long, int, double> expected)
    {
        Assert.AreEqual(Steps, history.Steps.Count);
        foreach (var step in history.Steps)
            Assert.AreEqual(expected(step.Step - 1, step.Epoch), step.LearningRate, 1e-12, $"step {step.Step}");
        CollectionAssert.AreEqual(Enumerable.Range(1, Steps).Select(i => (long)i).ToList(), history.Steps.Select(s => s.Step).ToList());
    }

    [TestMethod]
    public void Fit_WithConstantScheduleAndWarmupSteps_RampsLinearlyThenHolds()
    {
        var history = Fit(LearningRateSchedule.Constant, o => o.WarmupSteps = 8);

        AssertRates(history, (t, _) => Lr * Math.Min(1, (t + 1) / 8.0));
        Assert.AreEqual(Lr / 8, history.Steps[0].LearningRate, 1e-15);
    }

    [TestMethod]
    public void Fit_WithCosineSchedule_AnnealsToZeroOverAllSteps()
    {
        var history = Fit(LearningRateSchedule.Cosine);

        AssertRates(history, (t, _) => Lr * 0.5 * (1 + Math.Cos(Math.PI * t / Steps)));
        Assert.AreEqual(0, history.Epochs[^1].LearningRate, 1e-15);
    }

    [TestMethod]
    public void Fit_WithCosineScheduleAndWarmupFraction_WarmsUpThenAnnealsOverTheRest()
    {
        var history = Fit(LearningRateSchedule.Cosine, o => o.WarmupFraction = 0.2);

        const int warmup = 10;
        AssertRates(history, (t, _) => t < warmup
            ? Lr * (t + 1) / warmup
            : Lr * 0.5 * (1 + Math.Cos(Math.PI * (t - warmup) / (Steps - warmup))));
    }

    [TestMethod]
    public void Fit_WithStepScheduleAndWarmup_DecaysByGammaEveryStepSizeEpochs()
    {
        var history = Fit(LearningRateSchedule.Step, o =>
        {
            o.LearningRateStepSize = 2;
            o.LearningRateStepGamma = 0.5;
            o.WarmupSteps = 5;
        });

        AssertRates(history, (t, epoch) => Lr * Math.Pow(0.5, (epoch - 1) / 2) * Math.Min(1, (t + 1) / 5.0));
        CollectionAssert.AreEqual(new[] { Lr, Lr, Lr / 2, Lr / 2, Lr / 4 }, history.Epochs.Select(e => e.LearningRate).ToArray());
    }

    [TestMethod]
    public void Fit_WithOneCycleSchedule_RisesToLearningRateThenFallsFarBelowTheStart()
    {
        var history = Fit(LearningRateSchedule.OneCycle);

        // Rise over 15 steps (30% of 50) from Lr/25 to Lr, fall over the remaining 34 to Lr/25/1e4.
        static double Cos(double from, double to, double p) => to + ((from - to) * (1 + Math.Cos(Math.PI * p)) / 2);
        AssertRates(history, (t, _) => t <= 15 ? Cos(Lr / 25, Lr, t / 15.0) : Cos(Lr, Lr / 25 / 1e4, (t - 15) / 34.0));
        Assert.AreEqual(Lr, history.Steps.Max(s => s.LearningRate), 1e-15);
        Assert.AreEqual(16, history.Steps.MaxBy(s => s.LearningRate)!.Step);
        Assert.AreEqual(Lr / 25 / 1e4, history.Steps[^1].LearningRate, 1e-15);
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void Fit_WithReduceOnPlateau_CutsTheRateWhenTheMonitoredLossStalls(bool withValidation)
    {
        // Random labels: the loss cannot keep improving, so the schedule has plateaus to react to.
        var random = new Random(4);
        IDataView Noise(int rows, int seed) => _ml.Data.LoadFromEnumerable(SyntheticData.Features(rows, seed)
            .Select(x => new SyntheticData.BinaryRow { Features = x, Label = random.Next(2) == 1 }).ToList());
        var options = OptimizationTestKit.Small(epochs: 12);
        options.LearningRate = 0.2;
        options.LearningRateSchedule = LearningRateSchedule.ReduceOnPlateau;
        options.PlateauPatience = 1;
        options.PlateauFactor = 0.5;
        options.MinLearningRate = 0.02;
        options.WarmupSteps = 3;
        var trainer = new DeepMlpBinaryTrainer(options);

        var history = withValidation ? trainer.Fit(Noise(100, 1), Noise(60, 2)).History : trainer.Fit(Noise(100, 1)).History;

        // Replay the rule on the recorded epochs: the rate each epoch's steps used.
        var expectedRate = new List<double> { 0.2 };
        double best = double.PositiveInfinity;
        int bad = 0;
        foreach (var epoch in history.Epochs)
        {
            double monitored = withValidation ? epoch.ValidationLoss!.Value : epoch.TrainingLoss;
            double rate = expectedRate[^1];
            Assert.AreEqual(rate, epoch.LearningRate, 1e-15, $"epoch {epoch.Epoch}");
            if (monitored < best * (1 - 1e-4)) { best = monitored; bad = 0; }
            else if (++bad > 1) { rate = Math.Max(0.02, rate * 0.5); bad = 0; }
            expectedRate.Add(rate);
        }
        foreach (var step in history.Steps)
            Assert.AreEqual(expectedRate[step.Epoch - 1] * Math.Min(1, step.Step / 3.0), step.LearningRate, 1e-15, $"step {step.Step}");
        Assert.IsTrue(expectedRate[^1] < 0.2, "the rate was never reduced");
    }
}
