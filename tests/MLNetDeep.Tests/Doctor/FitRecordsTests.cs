using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Tests.Trainers;

namespace MLNetDeep.Tests.Doctor;

/// <summary>What every fit records for the doctor without instrumentation: the trivial baseline's loss and the recall per class.</summary>
[TestClass]
public sealed class FitRecordsTests
{
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    public void BinaryFit_RecordsThePriorEntropy_AndEachClassWithItsRowsAndRecall()
    {
        var data = SyntheticData.Binary(_ml, 200);
        bool[] labels = [.. data.GetColumn<bool>("Label")];
        double p = labels.Count(l => l) / (double)labels.Length;

        using var model = new DeepMlpBinaryTrainer(new DeepMlpBinaryTrainer.Options { HiddenLayerSizes = [8], NumberOfEpochs = 3, Seed = 1 }).Fit(data);
        var history = model.History;

        Assert.AreEqual(-(p * Math.Log(p)) - ((1 - p) * Math.Log(1 - p)), history.BaselineLoss!.Value, 1e-12);
        Assert.HasCount(2, history.Classes);
        Assert.AreEqual(labels.Count(l => !l), history.Classes[0].TrainingWeight);
        Assert.AreEqual(labels.Count(l => l), history.Classes[1].TrainingWeight);
        var predicted = model.Transform(data).GetColumn<bool>("PredictedLabel").ToArray();
        double recallTrue = Enumerable.Range(0, labels.Length).Count(i => labels[i] && predicted[i]) / (double)labels.Count(l => l);
        Assert.AreEqual(recallTrue, history.Classes[1].Recall, 1e-9, "no validation data: recall on the training rows, as the saved model predicts");
        Assert.AreEqual("training", history.Classes[1].EvaluatedOn);
    }

    [TestMethod]
    public void RegressionFit_RecordsTheStandardizedLabelsPopulationVariance_AndNoClasses()
    {
        using var model = new DeepMlpRegressionTrainer(new DeepMlpRegressionTrainer.Options { HiddenLayerSizes = [8], NumberOfEpochs = 2, Seed = 1 })
            .Fit(SyntheticData.Regression(_ml, 100));

        // The label is scaled by its sample standard deviation: the mean's squared error is (n − 1) / n.
        Assert.AreEqual(99.0 / 100, model.History.BaselineLoss!.Value, 1e-6);
        Assert.IsEmpty(model.History.Classes);
    }

    [TestMethod]
    public void MulticlassFit_WithValidationData_RecordsRecallOnTheValidationRows()
    {
        // One data view with a carved split: two views would each map the class names to keys in their own order.
        using var model = new DeepMlpMulticlassTrainer(new DeepMlpMulticlassTrainer.Options { HiddenLayerSizes = [16], NumberOfEpochs = 20, BatchSize = 16, ValidationFraction = 0.25, Seed = 1 })
            .Fit(SyntheticData.Multiclass(_ml, 400));

        var classes = model.History.Classes;
        Assert.HasCount(3, classes);
        var trained = System.Text.RegularExpressions.Regex.Match(model.History.Notes[0], "the model trained on the other (\\d+)");
        Assert.AreEqual(double.Parse(trained.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), classes.Sum(c => c.TrainingWeight), model.History.Notes[0]);
        Assert.IsTrue(classes.All(c => c.EvaluatedOn == "validation" && c.Recall is > 0.5 and <= 1), string.Join("; ", classes) + " " + string.Join("; ", model.History.Epochs));
        Assert.AreEqual(Math.Log(3), model.History.BaselineLoss!.Value, 0.05, "three about equally frequent classes");
    }
}
