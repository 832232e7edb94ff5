using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Examples;
using MLNetDeep.Tests.Trainers;

namespace MLNetDeep.Tests.Regularization;

/// <summary>Seed ensembles: members differ, and their average is no worse than the mean member on held-out rows.</summary>
[TestClass]
public sealed class EnsembleTests
{
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    public void Binary_EnsembleLogLoss_IsNoWorseThanMeanMember()
    {
        var (data, preprocessing) = BundledDatasets.Sonar(_ml);
        var split = _ml.Data.TrainTestSplit(data, 0.3, seed: 1);
        var prep = preprocessing.Fit(split.TrainSet);
        var train = prep.Transform(split.TrainSet);
        var test = prep.Transform(split.TestSet);
        var options = new DeepMlpBinaryTrainer.Options { HiddenLayerSizes = [32], NumberOfEpochs = 30, EnsembleSize = 4, Seed = 3 };

        using var ensemble = new DeepMlpBinaryTrainer(options).Fit(train);

        var members = ensemble.Network.Members;
        Assert.AreEqual(4, members.Count);
        Assert.AreEqual(4, ensemble.History.Members.Count);
        var memberLosses = members.Select(m => LogLoss(Member(m, train), test)).ToList();
        var memberScores = members.Select(m => SyntheticData.Scores(Member(m, train).Transform(test))).ToList();
        CollectionAssert.AreNotEqual(memberScores[0], memberScores[1]);
        double ensembleLoss = LogLoss(ensemble, test);
        Assert.IsTrue(ensembleLoss <= memberLosses.Average() + 1e-9, $"ensemble {ensembleLoss:F4}, members {string.Join(", ", memberLosses.Select(l => l.ToString("F4")))}");
    }

    [TestMethod]
    public void Regression_EnsembleRmse_IsNoWorseThanMeanMember_AndSurvivesSaveLoad()
    {
        var train = SyntheticData.Regression(_ml, 200, seed: 1);
        var test = SyntheticData.Regression(_ml, 100, seed: 2);
        var options = new DeepMlpRegressionTrainer.Options { HiddenLayerSizes = [16], NumberOfEpochs = 10, EnsembleSize = 3, Seed = 5 };

        using var ensemble = new DeepMlpRegressionTrainer(options).Fit(train);

        double Rmse(ITransformer m) => _ml.Regression.Evaluate(m.Transform(test)).RootMeanSquaredError;
        var memberRmse = ensemble.Network.Members.Select(m => Rmse(Member(m, train))).ToList();
        Assert.IsTrue(Rmse(ensemble) <= memberRmse.Average() + 1e-9, $"ensemble {Rmse(ensemble):F4}, members {string.Join(", ", memberRmse)}");

        using var stream = new MemoryStream();
        _ml.Model.Save(ensemble, train.Schema, stream);
        stream.Position = 0;
        var reloaded = _ml.Model.Load(stream, out _);
        var expected = SyntheticData.Scores(ensemble.Transform(test));
        var actual = SyntheticData.Scores(reloaded.Transform(test));
        for (int i = 0; i < expected.Length; i++)
            Assert.AreEqual(expected[i], actual[i], 1e-5 * Math.Max(1, Math.Abs(expected[i])));
    }

    [TestMethod]
    public void EnsembleSizeZero_IsRejected()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new DeepMlpBinaryTrainer(new DeepMlpBinaryTrainer.Options { EnsembleSize = 0 }));
        StringAssert.Contains(error.Message, "EnsembleSize is 0, but must be at least 1.");
    }

    private static DeepMlpTransformer Member(MLNetDeep.Snapshots.NetworkSnapshot network, IDataView train) =>
        Onnx.TestModels.Transformer(network, "Features", train.Schema, null);

    private double LogLoss(DeepMlpTransformer model, IDataView test) => _ml.BinaryClassification.Evaluate(model.Transform(test)).LogLoss;
}
