using System.Diagnostics;
using Microsoft.ML;
using MLNetDeep.Examples;
using static MLNetDeep.Tests.Trainers.SyntheticData;

namespace MLNetDeep.Tests.Doctor;

/// <summary>
/// Evidence for the training doctor: each diagnosis on a deliberately broken setup built here (tiny data, fixed seeds),
/// and no false alarm at Warning or above on a healthy default fit.
/// </summary>
[TestClass]
public sealed class BrokenSetupTests
{
    private readonly MLContext _ml = new(seed: 1);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Diagnose_TwelveLayerSigmoidNetwork_FindsVanishingGradients()
    {
        var history = Fit(Binary(_ml, 256), new DeepMlpBinaryTrainer.Options
        {
            HiddenLayerSizes = [.. Enumerable.Repeat(32, 12)], Activation = Activation.Sigmoid, DropoutRate = 0,
            NumberOfEpochs = 2, BatchSize = 64, GradientStatisticsEveryNSteps = 1, Seed = 1,
        });

        var diagnosis = Diagnose(history);

        var finding = diagnosis[TrainingProblem.VanishingGradients];
        Assert.IsNotNull(finding, diagnosis.ToString());
        Assert.AreEqual(FindingSeverity.Serious, finding.Severity, diagnosis.ToString());
        Assert.IsLessThan(DiagnosisThresholds.VanishingSeriousRatio, finding.Evidence["first/last gradient norm ratio"]);
        Assert.AreEqual(13, finding.Evidence["layers"]);
        Assert.AreEqual(FindingSeverity.Serious, diagnosis.Findings[0].Severity);
    }

    [TestMethod]
    public void Diagnose_HugeLearningRate_FindsLearningRateTooHighOrExploding()
    {
        var options = new DeepMlpBinaryTrainer.Options
        {
            HiddenLayerSizes = [32, 32], LearningRate = 10, NumberOfEpochs = 6, BatchSize = 32, GradientStatisticsEveryNSteps = 1, Seed = 1,
        };
        options.DivergenceGuard.Action = DivergenceAction.RestoreLastFiniteWeights;
        var history = Fit(Binary(_ml, 512), options);

        var diagnosis = Diagnose(history);

        var found = diagnosis.Findings.Where(f => f.Problem is TrainingProblem.LearningRateTooHigh or TrainingProblem.ExplodingGradients && f.Severity >= FindingSeverity.Warning).ToList();
        Assert.IsNotEmpty(found, diagnosis.ToString());
        Assert.IsNotNull(diagnosis[TrainingProblem.LearningRateTooHigh], diagnosis.ToString());
        StringAssert.StartsWith(diagnosis[TrainingProblem.LearningRateTooHigh]!.Remedies[0], "LearningRate = 1 (a tenth of the highest rate used, 10)");
    }

    [TestMethod]
    public void Diagnose_TinyNetworkOnParity_FindsUnderfitting()
    {
        // Label = the parity of the three features' signs: no single unit of a 2-unit layer can separate it.
        var rows = Features(1024, seed: 5).Select(x => new BinaryRow { Features = x, Label = (x[0] > 0) ^ (x[1] > 0) ^ (x[2] > 0) }).ToList();
        var history = Fit(_ml.Data.LoadFromEnumerable(rows), new DeepMlpBinaryTrainer.Options
        {
            HiddenLayerSizes = [2], NumberOfEpochs = 12, Seed = 1,
        });

        var diagnosis = Diagnose(history);

        var finding = diagnosis[TrainingProblem.Underfitting];
        Assert.IsNotNull(finding, diagnosis.ToString());
        Assert.AreEqual(FindingSeverity.Warning, finding.Severity);
        Assert.IsGreaterThanOrEqualTo(DiagnosisThresholds.UnderfittingBaselineFraction, finding.Evidence["loss / baseline"]);
        Assert.AreEqual(Math.Log(2), history.BaselineLoss!.Value, 1e-3, "balanced parity labels: the prior's entropy is about ln 2");
    }

    [TestMethod]
    public void Diagnose_BigUnregularizedNetworkOnSonar_FindsOverfittingFromTheBestValidationEpoch()
    {
        var (raw, preprocessing) = BundledDatasets.Sonar(_ml);
        var split = _ml.Data.TrainTestSplit(raw, testFraction: 0.3, seed: 1);
        var fitted = preprocessing.Fit(split.TrainSet);
        var trainer = new DeepMlpBinaryTrainer(new DeepMlpBinaryTrainer.Options
        {
            HiddenLayerSizes = [128, 64], DropoutRate = 0, NumberOfEpochs = 40, BatchSize = 16, LearningRate = 0.002, Seed = 3,
        });
        var history = Timed(() => trainer.Fit(fitted.Transform(split.TrainSet), fitted.Transform(split.TestSet)).History);

        var diagnosis = Diagnose(history);

        var finding = diagnosis[TrainingProblem.Overfitting];
        Assert.IsNotNull(finding, diagnosis.ToString());
        Assert.IsTrue(finding.Severity >= FindingSeverity.Warning, diagnosis.ToString());
        int best = history.Epochs.MinBy(e => e.ValidationLoss!.Value)!.Epoch;
        Assert.AreEqual(best, finding.Evidence["best validation epoch"]);
        Assert.IsLessThanOrEqualTo(2, Math.Abs(finding.Evidence["overfitting start epoch"] - best), diagnosis.ToString());
    }

    [TestMethod]
    public void Diagnose_HealthyDefaultFitOnSpambase_FindsNothingAtWarningOrAbove()
    {
        var (raw, preprocessing) = BundledDatasets.Spambase(_ml);
        var split = _ml.Data.TrainTestSplit(raw, testFraction: 0.2, seed: 1);
        var fitted = preprocessing.Fit(split.TrainSet);
        var trainer = new DeepMlpBinaryTrainer(new DeepMlpBinaryTrainer.Options { Seed = 1, GradientStatisticsEveryNSteps = 5 });
        var history = Timed(() => trainer.Fit(fitted.Transform(split.TrainSet), fitted.Transform(split.TestSet)).History);

        var diagnosis = Diagnose(history);

        Assert.IsEmpty(diagnosis.AtLeast(FindingSeverity.Warning), diagnosis.ToString());
        Assert.IsTrue(diagnosis.Findings.All(f => f.Checked), diagnosis.ToString());
    }

    [TestMethod]
    public void Diagnose_RareClassWithWeakSignal_FindsClassImbalance()
    {
        var random = new Random(7);
        var rows = Features(1000, seed: 7).Select(x => new BinaryRow { Features = x, Label = x[0] + (2 * random.NextDouble()) > 2.2 }).ToList();
        var history = Fit(_ml.Data.LoadFromEnumerable(rows), new DeepMlpBinaryTrainer.Options { HiddenLayerSizes = [16], NumberOfEpochs = 30, Seed = 1, ValidationFraction = 0.2 });

        var diagnosis = Diagnose(history);

        var finding = diagnosis[TrainingProblem.ClassImbalance];
        Assert.IsNotNull(finding, diagnosis.ToString());
        Assert.AreEqual(1, finding.Evidence["minority class"]);
        Assert.IsLessThan(0.5 * finding.Evidence["majority recall"], finding.Evidence["minority recall"]);
    }

    private TrainingHistory Fit(IDataView data, DeepMlpBinaryTrainer.Options options) => Timed(() => new DeepMlpBinaryTrainer(options).Fit(data).History);

    private TrainingHistory Timed(Func<TrainingHistory> fit)
    {
        var clock = Stopwatch.StartNew();
        var history = fit();
        TestContext.WriteLine($"fit: {clock.Elapsed.TotalSeconds:F2} s, {history.Epochs.Count} epochs, {history.Steps.Count} steps");
        foreach (var e in history.Epochs)
            TestContext.WriteLine($"  epoch {e.Epoch}: training {e.TrainingLoss:G4} validation {e.ValidationLoss:G4} metric {e.ValidationMetric:G4}");
        foreach (var c in history.Classes)
            TestContext.WriteLine($"  class {c}");
        foreach (string note in history.Notes)
            TestContext.WriteLine("  note: " + note);
        return history;
    }

    private TrainingDiagnosis Diagnose(TrainingHistory history)
    {
        var diagnosis = history.Diagnose();
        TestContext.WriteLine(diagnosis.ToString());
        TestContext.WriteLine(diagnosis.ToMarkdown());
        return diagnosis;
    }
}
