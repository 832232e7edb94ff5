using static MLNetDeep.Tests.Doctor.DoctorHistories;

namespace MLNetDeep.Tests.Doctor;

/// <summary>The thresholds of each rule, at and beside their boundaries, on histories written by hand.</summary>
[TestClass]
public sealed class DiagnosisRuleTests
{
    private static readonly double[] Falling = [1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4];

    [TestMethod]
    public void Overfitting_RiseAtTheThreshold_IsAWarning_JustBelow_IsNothing()
    {
        // Smoothed over 3 epochs the validation loss is 1 up to epoch 4 and 1.05 at epoch 7: a rise of exactly 5%.
        var at = Epochs(Falling, [1, 1, 1, 1, 1.05, 1.05, 1.05]).Diagnose()[TrainingProblem.Overfitting];
        var below = Epochs(Falling, [1, 1, 1, 1, 1.0499, 1.0499, 1.0499]).Diagnose()[TrainingProblem.Overfitting];

        Assert.IsNotNull(at);
        Assert.AreEqual(FindingSeverity.Warning, at.Severity);
        Assert.AreEqual(1, at.Evidence["overfitting start epoch"]);
        Assert.IsNull(below);
    }

    [TestMethod]
    public void Overfitting_StartsAtTheSmoothedMinimum_AndIsSeriousFromA25PercentRise()
    {
        var finding = Epochs(Falling, [1.0, 0.8, 0.6, 0.5, 0.6, 0.8, 1.0]).Diagnose()[TrainingProblem.Overfitting]!;

        Assert.AreEqual(FindingSeverity.Serious, finding.Severity);
        Assert.AreEqual(4, finding.Evidence["overfitting start epoch"]);
        Assert.AreEqual(4, finding.Evidence["best validation epoch"]);
        Assert.AreEqual((0.9 - (1.7 / 3)) / (1.7 / 3), finding.Evidence["validation loss rise"], 1e-12);
        Assert.AreEqual("from epoch 4 (best validation epoch 4) the validation loss rose 58.8% (smoothed over 3 epochs) while the training loss fell 35.7%", finding.Summary);
        Assert.AreEqual("EarlyStopping = new EarlyStoppingOptions { Patience = 5 } (or NumberOfEpochs = 4)", finding.Remedies[2]);
    }

    [TestMethod]
    public void Overfitting_IsInfo_WhenTheMetricHeld_OrTheModelHoldsAnEpochNearTheStart()
    {
        double[] validation = [1.0, 0.8, 0.6, 0.5, 0.6, 0.8, 1.0];
        var held = Epochs(Falling, validation, [0.8, 0.85, 0.9, 0.9, 0.9, 0.9, 0.89]).Diagnose()[TrainingProblem.Overfitting]!;
        var fell = Epochs(Falling, validation, [0.8, 0.85, 0.9, 0.9, 0.9, 0.88, 0.85]).Diagnose()[TrainingProblem.Overfitting]!;
        var restored = Epochs(Falling, validation);
        restored.SelectedEpoch = 6;

        Assert.AreEqual(FindingSeverity.Info, held.Severity, held.Summary);
        StringAssert.EndsWith(held.Summary, ", but Accuracy held (0.9 -> 0.895, smoothed): the probabilities grew over-confident, the predictions did not get worse");
        Assert.AreEqual(FindingSeverity.Serious, fell.Severity, fell.Summary);
        StringAssert.EndsWith(fell.Summary, ", and Accuracy fell from 0.9 to 0.865 (smoothed)");
        Assert.AreEqual(FindingSeverity.Info, restored.Diagnose()[TrainingProblem.Overfitting]!.Severity);
        restored.SelectedEpoch = 7;
        Assert.AreEqual(FindingSeverity.Serious, restored.Diagnose()[TrainingProblem.Overfitting]!.Severity);
    }

    [TestMethod]
    public void Overfitting_WithoutValidationData_SaysItWasNotChecked()
    {
        var finding = Epochs(Falling).Diagnose()[TrainingProblem.Overfitting]!;

        Assert.IsFalse(finding.Checked);
        Assert.AreEqual(FindingSeverity.Info, finding.Severity);
        Assert.AreEqual("Not checked: there is no validation data.", finding.Summary);
    }

    [TestMethod]
    public void Underfitting_AtEightTenthsOfTheBaseline_WithFlatLastThird_IsAWarning()
    {
        // 6 epochs: the last third is epochs 5-6, measured from epoch 4. Baseline 1.25, so 0.8x is exactly 1.0.
        var at = Epochs([1.2, 1.1, 1.05, 1.0, 1.0, 1.0], baseline: 1.25).Diagnose()[TrainingProblem.Underfitting];
        var below = Epochs([1.2, 1.1, 1.05, 0.9999, 0.9999, 0.9999], baseline: 1.25).Diagnose()[TrainingProblem.Underfitting];
        var improving = Epochs([1.2, 1.1, 1.05, 1.0, 0.995, 0.984375], baseline: 1.0).Diagnose()[TrainingProblem.Underfitting];
        var slow = Epochs([1.2, 1.1, 1.05, 1.0, 0.995, 0.9921875], baseline: 1.0).Diagnose()[TrainingProblem.Underfitting];

        Assert.IsNotNull(at);
        Assert.AreEqual("the last training loss 1 is 0.80x the trivial model's 1.25 (threshold 0.8x) and fell 0.00% over the last 2 epochs (threshold 1%)", at.Summary);
        Assert.IsNull(below, "below 0.8x the baseline");
        Assert.IsNull(improving, "fell 1.56% over the last third");
        Assert.IsNotNull(slow, "fell 0.78% over the last third");
        Assert.IsNull(Epochs([1.2, 1.1, 1.05, 1.0, 1.0, 1.0]).Diagnose()[TrainingProblem.Underfitting], "no baseline, no finding");
    }

    [TestMethod]
    public void LossNotDecreasing_OnePercentBelowTheFirstEpoch_IsEnough()
    {
        Assert.IsNull(Epochs([1.0, 1.0, 0.98]).Diagnose()[TrainingProblem.LossNotDecreasing]);
        var flat = Epochs([1.0, 1.0, 0.9921875]).Diagnose()[TrainingProblem.LossNotDecreasing]!;

        Assert.AreEqual(FindingSeverity.Warning, flat.Severity);
        Assert.AreEqual("the best training loss after epoch 1 is 0.9922, 0.78% below epoch 1's 1 (threshold 1%)", flat.Summary);
    }

    [TestMethod]
    public void LearningRateTooHigh_FromARiseFromTheBest_TheBaseline_OrADivergence()
    {
        Assert.IsNull(Epochs([1.0, 1.2]).Diagnose()[TrainingProblem.LearningRateTooHigh], "20% above the best");
        var rise = Epochs([1.0, 1.25]).Diagnose()[TrainingProblem.LearningRateTooHigh]!;
        var aboveBaseline = Epochs([2.0, 1.5], baseline: 1.0).Diagnose()[TrainingProblem.LearningRateTooHigh]!;
        var diverged = Epochs([1.0, 0.9]);
        diverged.AddNote("Training diverged in epoch 2, after step 7: the training loss is NaN. Restored the weights of epoch 1.");

        Assert.AreEqual(FindingSeverity.Warning, rise.Severity);
        Assert.AreEqual("the last training loss 1.25 is 25% above the best epoch's 1 (threshold 25%)", rise.Summary);
        Assert.AreEqual("LearningRate = 0.0001 (a tenth of the highest rate used, 0.001)", rise.Remedies[0]);
        Assert.AreEqual("the last training loss 1.5 is 1.5x the loss of a model that ignores the features, 1 (threshold 1.5x)", aboveBaseline.Summary);
        Assert.IsNull(Epochs([2.0, 1.4999], baseline: 1.0).Diagnose()[TrainingProblem.LearningRateTooHigh]);
        var serious = diverged.Diagnose()[TrainingProblem.LearningRateTooHigh]!;
        Assert.AreEqual(FindingSeverity.Serious, serious.Severity);
        Assert.AreEqual("training diverged (training diverged in epoch 2, after step 7)", serious.Summary);
    }

    [TestMethod]
    public void VanishingGradients_BelowOneHundredthOfTheOutputLayers_WarningThenSerious()
    {
        TrainingFinding? Ratio(double first) => Layers([("hidden1", first, null, 1e-3), ("output", 1.0, null, 1e-3)]).Diagnose()[TrainingProblem.VanishingGradients];

        Assert.IsNull(Ratio(0.01));
        Assert.AreEqual(FindingSeverity.Warning, Ratio(0.0099)!.Severity);
        Assert.AreEqual(FindingSeverity.Warning, Ratio(1e-4)!.Severity);
        Assert.AreEqual(FindingSeverity.Serious, Ratio(0.99e-4)!.Severity);
        Assert.AreEqual("the first hidden layer's gradient norm is 9.90E-003 times the output layer's (median of 1 steps; threshold 0.01)", Ratio(0.0099)!.Summary);
    }

    [TestMethod]
    public void ExplodingGradients_AboveTenTimesTheMedianOfAtLeastFiveEarlierSteps()
    {
        static TrainingHistory Norms(params double[] norms) => Layers([.. norms.Select(n => new[] { ("output", n, (double?)null, 1e-3) })]);

        Assert.IsNull(Norms(1, 1, 1, 1, 1, 10).Diagnose()[TrainingProblem.ExplodingGradients], "exactly 10x");
        Assert.IsNull(Norms(1, 1, 1, 1, 100).Diagnose()[TrainingProblem.ExplodingGradients], "only 4 earlier steps");
        var finding = Norms(1, 2, 1, 3, 1, 10.5, 1).Diagnose()[TrainingProblem.ExplodingGradients]!;

        Assert.AreEqual(FindingSeverity.Serious, finding.Severity);
        Assert.AreEqual(6, finding.Evidence["worst step"]);
        Assert.AreEqual("1 of 7 instrumented steps had a gradient norm above 10x the running median; worst: step 6, 10.5 against a median of 1", finding.Summary);
        Assert.IsNotNull(Norms(1, double.NaN).Diagnose()[TrainingProblem.ExplodingGradients], "a non-finite norm explodes at once");
    }

    [TestMethod]
    public void DeadReLU_AboveHalfTheUnits_WarningThenSerious()
    {
        TrainingFinding? Dead(double fraction) => Layers([("hidden1", 1, 0.1, 1e-3), ("hidden2", 1, fraction, 1e-3), ("output", 1, null, 1e-3)]).Diagnose()[TrainingProblem.DeadReLU];

        Assert.IsNull(Dead(0.5));
        Assert.AreEqual(FindingSeverity.Warning, Dead(0.51)!.Severity);
        Assert.AreEqual(2, Dead(0.51)!.Evidence["layer"]);
        Assert.AreEqual(FindingSeverity.Serious, Dead(0.91)!.Severity);
        Assert.AreEqual("91.0% of the units of hidden2 were never active on a step's rows (median over the last third of the instrumented steps; threshold 50%)", Dead(0.91)!.Summary);
    }

    [TestMethod]
    public void LearningRate_FromTheMedianUpdateToWeightRatio()
    {
        TrainingDiagnosis Ratio(double ratio) => Layers([("hidden1", 1, null, ratio), ("output", 1, null, ratio)]).Diagnose();

        Assert.IsNull(Ratio(1e-5)[TrainingProblem.LearningRateTooLow]);
        Assert.AreEqual(FindingSeverity.Warning, Ratio(0.9e-5)[TrainingProblem.LearningRateTooLow]!.Severity);
        Assert.IsNull(Ratio(0.1)[TrainingProblem.LearningRateTooHigh]);
        Assert.AreEqual("the median update-to-weight ratio of hidden1 is 0.11 (threshold 0.1; about 1e-3 is typical)", Ratio(0.11)[TrainingProblem.LearningRateTooHigh]!.Summary);
    }

    [TestMethod]
    public void ClassImbalance_MinorityRecallBelowHalfTheMajoritys_OnImbalancedDataOnly()
    {
        Assert.IsNull(Classes(90, 0.8, 10, 0.4).Diagnose()[TrainingProblem.ClassImbalance], "exactly half");
        var finding = Classes(90, 0.8, 10, 0.39).Diagnose()[TrainingProblem.ClassImbalance]!;
        Assert.AreEqual(FindingSeverity.Warning, finding.Severity);
        Assert.AreEqual("recall on the minority class 1 (10.0% of the training rows) is 0.390, against 0.800 on the majority class 0 (threshold 0.5x; validation rows)", finding.Summary);
        Assert.AreEqual(FindingSeverity.Serious, Classes(10, 0, 90, 0.9).Diagnose()[TrainingProblem.ClassImbalance]!.Severity);
        Assert.IsNull(Classes(55, 1, 45, 0).Diagnose()[TrainingProblem.ClassImbalance], "55:45 is balanced: a network predicting one class is not an imbalance problem");
        Assert.IsNotNull(Classes(60, 1, 40, 0).Diagnose()[TrainingProblem.ClassImbalance], "60:40 is 1.5x");
    }

    [TestMethod]
    public void Findings_AreRankedBySeverity_ThenByProblem()
    {
        var history = Layers([("hidden1", 1e-6, 0.95, 1e-3), ("output", 1, null, 1e-3)]);
        history.AddNote("Training diverged in epoch 2, after step 7: the training loss is NaN.");

        var problems = history.Diagnose().Findings.Select(f => (f.Severity, f.Problem)).ToList();

        CollectionAssert.AreEqual(
            new[] { (FindingSeverity.Serious, TrainingProblem.VanishingGradients), (FindingSeverity.Serious, TrainingProblem.DeadReLU),
                    (FindingSeverity.Serious, TrainingProblem.LearningRateTooHigh), (FindingSeverity.Info, TrainingProblem.Overfitting) },
            problems);
    }
}
