using Microsoft.ML;
using MLNetDeep.Examples;
using MLNetDeep.Tests.Trainers;

namespace MLNetDeep.Tests.Regularization;

[TestClass]
public sealed class ClassImbalanceTests
{
    private static readonly MLContext Ml = new(seed: 1);

    [TestMethod]
    public void Fit_OnRareSatelliteClass_ClassWeightsAndWeightedSamplingRaiseMinorityRecall()
    {
        var (train, test) = DampGreySoilVersusRest();

        double plain = PositiveRecall(train, test, o => { });
        double weighted = PositiveRecall(train, test, o => o.ClassWeighting = ClassWeighting.Balanced);
        double sampled = PositiveRecall(train, test, o => { o.ClassWeighting = ClassWeighting.Balanced; o.WeightedSampling = true; });

        string report = $"recall of 'damp grey soil': unweighted {plain:F3}, balanced weights {weighted:F3}, weighted sampling {sampled:F3}";
        Console.WriteLine(report);
        Assert.IsTrue(weighted > plain + 0.15, report);
        Assert.IsTrue(sampled > plain + 0.15, report);
    }

    [TestMethod]
    public void Fit_WithPositiveClassWeight_EqualsTheSameExampleWeights()
    {
        var rows = SyntheticData.Features(200, seed: 3).Select(x => new SyntheticData.BinaryRow { Features = x, Label = x[0] + x[1] > 0.8f }).ToList();
        var weighted = Ml.Data.LoadFromEnumerable(rows.Select(r => new SyntheticData.BinaryRow { Features = r.Features, Label = r.Label, Weight = r.Label ? 3 : 1 }).ToList());
        var plain = Ml.Data.LoadFromEnumerable(rows);
        DeepMlpBinaryTrainer.Options Options() => new() { HiddenLayerSizes = [8], NumberOfEpochs = 4, BatchSize = 32, Seed = 2, ExampleWeightColumnName = "Weight" };

        var byClass = Options();
        byClass.ClassWeights = [1, 3];
        var byRow = SyntheticData.Scores(new DeepMlpBinaryTrainer(Options()).Fit(weighted).Transform(plain));
        var byClassWeight = SyntheticData.Scores(new DeepMlpBinaryTrainer(byClass).Fit(plain).Transform(plain));

        CollectionAssert.AreEqual(byRow, byClassWeight);
    }

    [TestMethod]
    public void Fit_WithClassWeightsOfWrongLength_SaysHowManyAreNeeded()
    {
        var options = new DeepMlpMulticlassTrainer.Options { HiddenLayerSizes = [4], NumberOfEpochs = 1, Seed = 1, ClassWeights = [1, 2] };

        var error = Assert.ThrowsExactly<ArgumentException>(() => new DeepMlpMulticlassTrainer(options).Fit(SyntheticData.Multiclass(Ml, 60)));

        Assert.AreEqual("ClassWeights has 2 weights, but label column 'Label' has 3 classes. Give one weight per class, in key order.", error.Message);
    }

    private static double PositiveRecall(IDataView train, IDataView test, Action<DeepMlpBinaryTrainer.Options> change)
    {
        var options = new DeepMlpBinaryTrainer.Options { HiddenLayerSizes = [32], NumberOfEpochs = 6, BatchSize = 64, Seed = 4 };
        change(options);
        using var model = new DeepMlpBinaryTrainer(options).Fit(train);
        return Ml.BinaryClassification.Evaluate(model.Transform(test)).PositiveRecall;
    }

    /// <summary>Satellite as a binary task: "damp grey soil" (9.7% of rows) against the other five classes.</summary>
    private static (IDataView Train, IDataView Test) DampGreySoilVersusRest()
    {
        var (raw, _) = BundledDatasets.Satellite(Ml);
        string[] classes = ["cotton crop", "damp grey soil", "grey soil", "red soil", "vegetation stubble", "very damp grey soil"];
        var preprocessing = Ml.Transforms.Conversion.MapValue("Label", classes.ToDictionary(c => c, c => c == "damp grey soil"), "classes")
            .Append(Ml.Transforms.Concatenate("Features", "Raw"))
            .Append(Ml.Transforms.NormalizeMeanVariance("Features"));
        var split = Ml.Data.TrainTestSplit(raw, testFraction: 0.3, seed: 1);
        var fitted = preprocessing.Fit(split.TrainSet);
        return (Ml.Data.Cache(fitted.Transform(split.TrainSet)), Ml.Data.Cache(fitted.Transform(split.TestSet)));
    }
}
