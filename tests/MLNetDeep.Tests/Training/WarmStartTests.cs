using Microsoft.ML;
using MLNetDeep.Tests.Trainers;

namespace MLNetDeep.Tests.Training;

/// <summary>Warm start: trainer.Fit(trainingData, initialModel) continues a fitted network; an incompatible one is refused with the reason.</summary>
[TestClass]
public sealed class WarmStartTests
{
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    public void WarmStartWithANegligibleRate_OnOtherData_ComputesWhatTheInitialModelDid()
    {
        // Other rows give another standardization and, for regression, another label scaling: the start must not change the function.
        var (first, second) = (SyntheticData.Regression(_ml, 120, seed: 1), SyntheticData.Regression(_ml, 80, seed: 7));
        var regression = new DeepMlpRegressionTrainer(Still(new DeepMlpRegressionTrainer.Options()));
        AssertSameScores(regression.Fit(first), regression.Fit(second, regression.Fit(first)), second, "regression");

        var binary = new DeepMlpBinaryTrainer(Still(new DeepMlpBinaryTrainer.Options()));
        var (binaryFirst, binarySecond) = (SyntheticData.Binary(_ml, 120, seed: 1), SyntheticData.Binary(_ml, 80, seed: 7));
        var binaryInitial = binary.Fit(binaryFirst);
        AssertSameScores(binaryInitial, binary.Fit(binarySecond, binaryInitial), binarySecond, "binary");

        var multiclass = new DeepMlpMulticlassTrainer(Still(new DeepMlpMulticlassTrainer.Options()));
        var (classFirst, classSecond) = (SyntheticData.Multiclass(_ml, 120, seed: 1), SyntheticData.Multiclass(_ml, 90, seed: 7));
        var classInitial = multiclass.Fit(classFirst);
        AssertSameScores(classInitial, multiclass.Fit(classSecond, classInitial), classSecond, "multiclass");
    }

    [TestMethod]
    public void WarmStart_ContinuesFromTheInitialModelsLoss_AndSaysSo()
    {
        var data = SyntheticData.Regression(_ml, 200);
        var options = new DeepMlpRegressionTrainer.Options { HiddenLayerSizes = [16], NumberOfEpochs = 4, BatchSize = 20, LearningRate = 0.01, DropoutRate = 0, Seed = 1 };
        var trainer = new DeepMlpRegressionTrainer(options);

        var initial = trainer.Fit(data);
        var continued = trainer.Fit(data, initial);

        double initialFirst = initial.History.Epochs[0].TrainingLoss, initialLast = initial.History.Epochs[^1].TrainingLoss;
        Assert.IsTrue(continued.History.Epochs[0].TrainingLoss < (initialFirst + initialLast) / 2,
            $"continued epoch 1 {continued.History.Epochs[0].TrainingLoss:G4}; initial epochs 1 and 4: {initialFirst:G4}, {initialLast:G4}");
        StringAssert.StartsWith(continued.History.Notes[0], "Warm start: continued from a model trained for 4 epoch(s)");
    }

    [TestMethod]
    public void IncompatibleInitialModel_IsRefusedWithWhatDiffers()
    {
        var data = SyntheticData.Multiclass(_ml, 60);
        var initial = new DeepMlpMulticlassTrainer(new DeepMlpMulticlassTrainer.Options { HiddenLayerSizes = [8], NumberOfEpochs = 1, Seed = 1 }).Fit(data);
        var wider = new DeepMlpMulticlassTrainer(new DeepMlpMulticlassTrainer.Options { HiddenLayerSizes = [16], Activation = Activation.GELU, NumberOfEpochs = 1 });
        var otherActivation = new DeepMlpMulticlassTrainer(new DeepMlpMulticlassTrainer.Options { HiddenLayerSizes = [8], Activation = Activation.GELU, EnsembleSize = 2, NumberOfEpochs = 1 });

        var widthError = Assert.ThrowsExactly<ArgumentException>(() => wider.Fit(data, initial));
        var activationError = Assert.ThrowsExactly<ArgumentException>(() => otherActivation.Fit(data, initial));
        var wideData = _ml.Transforms.Concatenate("Features", "Features", "Features").Fit(data).Transform(data);
        var featureError = Assert.ThrowsExactly<ArgumentException>(() =>
            new DeepMlpMulticlassTrainer(new DeepMlpMulticlassTrainer.Options { HiddenLayerSizes = [8], NumberOfEpochs = 1 }).Fit(wideData, initial));

        StringAssert.StartsWith(widthError.Message, "The initial model cannot be continued: its hidden layers are [8], but HiddenLayerSizes is [16].");
        StringAssert.StartsWith(activationError.Message,
            "The initial model cannot be continued: it has 1 ensemble member(s), but EnsembleSize is 2; its activation is ReLU, but Activation is GELU.");
        StringAssert.StartsWith(featureError.Message, "The initial model cannot be continued: it reads 4 features, but feature column 'Features' has 8.");
    }

    /// <summary>Options that train a little network with a negligible learning rate and no dropout, so one epoch changes nothing that shows.</summary>
    private static T Still<T>(T options)
        where T : DeepMlpOptionsBase
    {
        options.HiddenLayerSizes = [8];
        options.NumberOfEpochs = 1;
        options.LearningRate = 1e-12;
        options.DropoutRate = 0;
        options.Seed = 1;
        return options;
    }

    private static void AssertSameScores(DeepMlpTransformer initial, DeepMlpTransformer continued, IDataView data, string task)
    {
        float[] before = SyntheticData.Scores(initial.Transform(data)), after = SyntheticData.Scores(continued.Transform(data));
        Assert.HasCount(before.Length, after);
        for (int i = 0; i < before.Length; i++)
            Assert.AreEqual(before[i], after[i], 1e-4 * Math.Max(1, Math.Abs(before[i])), $"{task} score {i}");
    }
}
