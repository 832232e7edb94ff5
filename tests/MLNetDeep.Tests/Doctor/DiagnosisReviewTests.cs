using Microsoft.ML;
using MLNetDeep.Tests.Trainers;
using static MLNetDeep.Tests.Doctor.DoctorHistories;

namespace MLNetDeep.Tests.Doctor;

/// <summary>False alarms a review found in the first rules: each case here once gave a finding it should not, or hid one.</summary>
[TestClass]
public sealed class DiagnosisReviewTests
{
    [TestMethod]
    public void AFloat16StepTheLossScalerSkipped_IsNotAnExplodingGradient()
    {
        var history = Layers([.. new[] { 1, 1, 1, 1, 1, double.PositiveInfinity, 1 }.Select(n => new[] { ("output", n, (double?)null, 1e-3) })]);
        Assert.IsNotNull(history.Diagnose()[TrainingProblem.ExplodingGradients], "without the skip record, an infinite norm explodes");

        history.AddStep(new StepRecord(6, 1, 1e-3, 0.5, null, 65536, Skipped: true));

        Assert.IsNull(history.Diagnose()[TrainingProblem.ExplodingGradients]);
    }

    [TestMethod]
    public void ARiseInTheLastEpochs_IsNotHandled_WhenNoEarlierEpochWasSelected()
    {
        double[] training = [1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3];
        var history = Epochs(training, [1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.5, 1.5]);   // the last epoch is selected

        var finding = history.Diagnose()[TrainingProblem.Overfitting]!;

        Assert.AreNotEqual(FindingSeverity.Info, finding.Severity, finding.Summary);
        history.SelectedEpoch = 6;   // early stopping restored an epoch before the rise
        Assert.AreEqual(FindingSeverity.Info, history.Diagnose()[TrainingProblem.Overfitting]!.Severity);
    }

    [TestMethod]
    public void ARiseFromTheBestNearZero_IsNotATooHighRate()
    {
        Assert.IsNull(Epochs([0.002, 0.001, 0.003], baseline: 0.69).Diagnose()[TrainingProblem.LearningRateTooHigh], "0.002 above a best of 0.001");
        Assert.IsNotNull(Epochs([0.2, 0.1, 0.3], baseline: 0.69).Diagnose()[TrainingProblem.LearningRateTooHigh], "0.2 above: more than 5% of the baseline");
    }

    [TestMethod]
    public void ADivergenceNoteWithoutAColon_DoesNotThrow()
    {
        var history = Epochs([1.0, 0.9]);
        history.AddNote("Training diverged");

        Assert.AreEqual("training diverged (training diverged)", history.Diagnose()[TrainingProblem.LearningRateTooHigh]!.Summary);
    }

    [TestMethod]
    public void TheBaseline_FollowsBalancedClassWeights()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.FilterByCustomPredicate<SyntheticData.BinaryRow>(SyntheticData.Binary(ml, 400), r => r.Label && r.Features[2] > -0.6f);

        using var model = new DeepMlpBinaryTrainer(new DeepMlpBinaryTrainer.Options
        {
            HiddenLayerSizes = [4], NumberOfEpochs = 1, Seed = 1, ClassWeighting = ClassWeighting.Balanced,
        }).Fit(data);

        Assert.IsTrue(model.History.Classes[1].TrainingWeight < 0.5 * model.History.Classes[0].TrainingWeight, "imbalanced data");
        Assert.AreEqual(Math.Log(2), model.History.BaselineLoss!.Value, 1e-9, "balanced weights: a trivial model's weighted loss is ln 2");
    }
}
