using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Data;
using MLNetDeep.Examples;
using MLNetDeep.Tests.Trainers;

namespace MLNetDeep.Tests.Regularization;

[TestClass]
public sealed class EarlyStoppingTests
{
    private static readonly MLContext Ml = new(seed: 1);

    private static DeepMlpBinaryTrainer.Options Overfitting(EarlyStoppingOptions earlyStopping) => new()
    {
        HiddenLayerSizes = [128, 64],
        DropoutRate = 0,
        NumberOfEpochs = 100,
        BatchSize = 16,
        LearningRateSchedule = LearningRateSchedule.Constant,
        EarlyStopping = earlyStopping,
        Seed = 3,
    };

    [TestMethod]
    public void Fit_WithEarlyStoppingOnLoss_StopsEarly_AndRestoresBestEpoch()
    {
        var (train, validation) = SonarSplit();

        using var model = new DeepMlpBinaryTrainer(Overfitting(new EarlyStoppingOptions { Patience = 5 })).Fit(train, validation);

        var epochs = model.History.Epochs;
        Assert.IsTrue(epochs.Count < 100, $"ran {epochs.Count} epochs");
        var best = epochs.MinBy(e => e.ValidationLoss!.Value)!;
        Assert.AreEqual(best.Epoch, model.History.SelectedEpoch);
        Assert.AreEqual(best.Epoch + 5, epochs.Count, "stops Patience epochs after the best one");
        Assert.AreEqual(best.ValidationLoss!.Value, MeanLogLoss(model, validation), 1e-4);
        Assert.IsTrue(model.History.Notes.Any(n => n.Contains("restored the weights of epoch " + best.Epoch, StringComparison.Ordinal)),
            string.Join(" | ", model.History.Notes));
    }

    [TestMethod]
    public void Fit_WithEarlyStoppingOnMetric_MaximizesAndRestoresBestAccuracy()
    {
        var (train, validation) = SonarSplit();
        var options = Overfitting(new EarlyStoppingOptions { Monitor = EarlyStoppingMonitor.ValidationMetric, Patience = 8 });

        using var model = new DeepMlpBinaryTrainer(options).Fit(train, validation);

        var epochs = model.History.Epochs;
        Assert.IsTrue(epochs.Count < 100, $"ran {epochs.Count} epochs");
        var best = epochs.First(e => e.ValidationMetric == epochs.Max(x => x.ValidationMetric));
        Assert.AreEqual(best.Epoch, model.History.SelectedEpoch);
        Assert.AreEqual(best.ValidationMetric!.Value, Ml.BinaryClassification.Evaluate(model.Transform(validation)).Accuracy, 1e-6);
    }

    [TestMethod]
    public void Fit_WithoutRestoreBestWeights_KeepsLastEpoch()
    {
        var (train, validation) = SonarSplit();
        var options = Overfitting(new EarlyStoppingOptions { Patience = 3, RestoreBestWeights = false });
        options.NumberOfEpochs = 40;

        using var model = new DeepMlpBinaryTrainer(options).Fit(train, validation);

        Assert.AreEqual(model.History.Epochs.Count, model.History.SelectedEpoch);
        Assert.AreEqual(model.History.Epochs[^1].ValidationLoss!.Value, MeanLogLoss(model, validation), 1e-4);
    }

    [TestMethod]
    public void Fit_WithEarlyStoppingAndNoValidationData_CarvesSplitFromTrainingRows_AndSaysSo()
    {
        var data = SyntheticData.Binary(Ml, 300);
        var options = new DeepMlpBinaryTrainer.Options { HiddenLayerSizes = [8], NumberOfEpochs = 5, Seed = 1, EarlyStopping = new() };

        using var model = new DeepMlpBinaryTrainer(options).Fit(data);

        Assert.IsTrue(model.History.Epochs.All(e => e.ValidationLoss is not null));
        CollectionAssert.Contains(model.History.Notes.ToList(),
            "Validation data: 30 of the 300 training rows were held out (ValidationFraction = 0.1, stratified by class, seed 1); the model trained on the other 270.");
    }

    [TestMethod]
    public void Fit_WithEarlyStoppingAndValidationFractionZero_AsksForValidationData()
    {
        var data = SyntheticData.Binary(Ml, 50);
        var options = new DeepMlpBinaryTrainer.Options { HiddenLayerSizes = [4], NumberOfEpochs = 2, Seed = 1, EarlyStopping = new(), ValidationFraction = 0 };

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => new DeepMlpBinaryTrainer(options).Fit(data));

        Assert.AreEqual("EarlyStopping monitors ValidationLoss, but there is no validation data and ValidationFraction is 0. "
            + "Make sure you have validation data: pass it to Fit(trainingData, validationData), or set ValidationFraction (e.g. 0.1) to hold out part of the training rows.",
            error.Message);
    }

    [TestMethod]
    public void ValidationSplit_IsStratifiedSeededAndDisjoint()
    {
        float[] labels = [.. Enumerable.Repeat(0f, 90), .. Enumerable.Repeat(1f, 10)];

        var (train, validation) = ValidationSplit.Stratified(labels, classCount: 2, fraction: 0.2, seed: 4);
        var again = ValidationSplit.Stratified(labels, classCount: 2, fraction: 0.2, seed: 4);

        Assert.AreEqual(18, validation.Count(i => labels[i] == 0));
        Assert.AreEqual(2, validation.Count(i => labels[i] == 1));
        CollectionAssert.AreEqual(validation, again.Validation);
        CollectionAssert.AreEquivalent(Enumerable.Range(0, 100).ToArray(), train.Concat(validation).ToArray());
    }

    /// <summary>Mean binary cross-entropy of the model's logits (Score) on <paramref name="data"/>, in nats.</summary>
    private static double MeanLogLoss(DeepMlpTransformer model, IDataView data)
    {
        var scored = model.Transform(data);
        var scores = scored.GetColumn<float>("Score").ToArray();
        var labels = scored.GetColumn<bool>("Label").ToArray();
        static double Softplus(double x) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));
        return scores.Zip(labels, (s, y) => Softplus(y ? -s : s)).Average();
    }

    private static (IDataView Train, IDataView Validation) SonarSplit()
    {
        var (raw, preprocessing) = BundledDatasets.Sonar(Ml);
        var split = Ml.Data.TrainTestSplit(raw, testFraction: 0.3, seed: 1);
        var fitted = preprocessing.Fit(split.TrainSet);
        return (Ml.Data.Cache(fitted.Transform(split.TrainSet)), Ml.Data.Cache(fitted.Transform(split.TestSet)));
    }
}
