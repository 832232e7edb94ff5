using Microsoft.ML;
using Microsoft.ML.Trainers;
using MLNetDeep.Tests.Trainers;

namespace MLNetDeep.Tests.Models;

/// <summary>The ML.NET shapes: trainer estimators with TrainerInfo, prediction transformers whose Model describes the network.</summary>
[TestClass]
public sealed class DeepMlpModelTests
{
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    public void Trainers_AreTrainerEstimators_ThatNeedNeitherNormalizationNorCaching()
    {
        TrainerInfo[] infos =
        [
            InfoOf<DeepMlpTransformer<BinaryClassificationTask>, DeepMlpModel<BinaryClassificationTask>>(_ml.BinaryClassification.Trainers.DeepMlp()),
            InfoOf<DeepMlpTransformer<MulticlassClassificationTask>, DeepMlpModel<MulticlassClassificationTask>>(_ml.MulticlassClassification.Trainers.DeepMlp()),
            InfoOf<DeepMlpTransformer<RegressionTask>, DeepMlpModel<RegressionTask>>(_ml.Regression.Trainers.DeepMlp()),
        ];

        foreach (var info in infos)
        {
            Assert.IsFalse(info.NeedNormalization);
            Assert.IsFalse(info.WantCaching);
        }
    }

    [TestMethod]
    public void LastTransformerModel_DescribesTheTrainedNetwork()
    {
        var data = SyntheticData.Multiclass(_ml, 90);
        var options = new DeepMlpMulticlassTrainer.Options
        {
            HiddenLayerSizes = [8, 8, 5],
            Activation = Activation.GELU,
            Normalization = Normalization.LayerNorm,
            Architecture = Architecture.ResNet,
            NumberOfEpochs = 3,
            Seed = 1,
        };
        var chain = _ml.Transforms.NormalizeMinMax("Features").Append(_ml.MulticlassClassification.Trainers.DeepMlp(options)).Fit(data);

        DeepMlpModel<MulticlassClassificationTask> model = chain.LastTransformer.Model;

        Assert.AreEqual(SyntheticData.FeatureCount, model.InputSize);
        CollectionAssert.AreEqual(options.HiddenLayerSizes, model.HiddenLayerSizes.ToArray());
        Assert.AreEqual(3, model.OutputSize);
        Assert.AreEqual(3, model.Task.ClassCount);
        Assert.AreEqual(Activation.GELU, model.Activation);
        Assert.AreEqual(Normalization.LayerNorm, model.Normalization);
        Assert.AreEqual(Architecture.ResNet, model.Architecture);
        // Linear layers 4→8, 8→8, 8→5, 5→3, and a LayerNorm scale and shift per hidden unit.
        long expected = ((4 * 8) + 8) + ((8 * 8) + 8) + ((8 * 5) + 5) + ((5 * 3) + 3) + (2 * (8 + 8 + 5));
        Assert.AreEqual(expected, model.ParameterCount);
        Assert.AreEqual(1, model.EnsembleSize);
        Assert.AreSame(chain.LastTransformer.History, model.History);
        Assert.AreEqual(3, model.History.Epochs.Count);
        Assert.AreEqual($"DeepMlp multiclass: 4 → 8 → 8 → 5 → 3, GELU, LayerNorm, ResNet, {expected:N0} parameters, 3 epochs", model.ToString());
        Assert.AreEqual("Features", chain.LastTransformer.FeatureColumnName);
        Assert.AreEqual(new Microsoft.ML.Data.VectorDataViewType(Microsoft.ML.Data.NumberDataViewType.Single, 4), chain.LastTransformer.FeatureColumnType);
    }

    [TestMethod]
    public void Model_OfALinearEnsemble_CountsEveryMember()
    {
        var data = SyntheticData.Regression(_ml, 60);
        var options = new DeepMlpRegressionTrainer.Options { HiddenLayerSizes = [], EnsembleSize = 3, NumberOfEpochs = 1, Seed = 1 };

        var model = _ml.Regression.Trainers.DeepMlp(options).Fit(data).Model;

        Assert.AreEqual(0, model.HiddenLayerSizes.Count);
        Assert.IsNull(model.Activation);
        Assert.AreEqual(Normalization.None, model.Normalization);
        Assert.AreEqual(3 * ((4 * 1) + 1), model.ParameterCount);
        Assert.AreEqual("DeepMlp regression: 4 → 1, 15 parameters, ensemble of 3, 1 epochs", model.ToString());
    }

    /// <summary>Compiles only when the trainer is an ML.NET trainer estimator of these types.</summary>
    private static TrainerInfo InfoOf<TTransformer, TModel>(ITrainerEstimator<TTransformer, TModel> trainer)
        where TTransformer : ISingleFeaturePredictionTransformer<TModel>
        where TModel : class => trainer.Info;
}
