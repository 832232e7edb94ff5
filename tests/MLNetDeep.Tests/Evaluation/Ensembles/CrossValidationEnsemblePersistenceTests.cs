using Microsoft.ML;
using MLNetDeep.Scoring;
using MLNetDeep.Tests.Trainers;
using static MLNetDeep.Tests.Evaluation.Ensembles.EnsembleFixtures;

namespace MLNetDeep.Tests.Evaluation.Ensembles;

/// <summary>The averaged model saves as a standard zip that stock Load and the verifying LoadModel restore.</summary>
[TestClass]
public sealed class CrossValidationEnsemblePersistenceTests
{
    [TestMethod]
    public void Binary_DeepMlp_SavesAndReloads_StockAndVerified_ScoringTheSame()
    {
        var ml = new MLContext(seed: 1);
        var data = Binary(ml, 120, seed: 1);
        var ensemble = ml.BinaryClassification.CrossValidateEnsemble(data, NormalizedBinaryDeepMlp(ml), Folds, seed: Seed);

        var fresh = Binary(ml, 30, seed: 9);
        AssertRoundTrip(ml, ensemble.Model, data, fresh, verified: true, "Probability");
        using var engine = ml.Model.CreatePredictionEngine<SyntheticData.BinaryRow, BinaryPrediction>(ensemble.Model);
        var first = ml.Data.CreateEnumerable<SyntheticData.BinaryRow>(fresh, reuseRowObject: false).First();
        Assert.AreEqual(Column(ensemble.Model.Transform(fresh), "Probability")[0], engine.Predict(first).Probability, 1e-6, "PredictionEngine scores as Transform");
    }

    [TestMethod]
    public void Multiclass_DeepMlp_SavesAndReloads_StockAndVerified_ScoringTheSame()
    {
        var ml = new MLContext(seed: 1);
        var data = SyntheticData.Multiclass(ml, 120, seed: 2);
        var estimator = ml.MulticlassClassification.Trainers.DeepMlp(hiddenLayerSizes: [8], numberOfEpochs: 2, seed: 1);
        var ensemble = ml.MulticlassClassification.CrossValidateEnsemble(data, estimator, Folds, seed: Seed);

        var fresh = SyntheticData.Multiclass(ml, 30, seed: 9);
        var (stock, verified) = AssertRoundTrip(ml, ensemble.Model, data, fresh, verified: true, column: "");
        uint[] predicted = Keys(ensemble.Model.Transform(fresh), "PredictedLabel");
        CollectionAssert.AreEqual(predicted, Keys(stock.Transform(fresh), "PredictedLabel"));
        CollectionAssert.AreEqual(predicted, Keys(verified!.Transform(fresh), "PredictedLabel"));
        float[][] expected = Vectors(ensemble.Model.Transform(fresh), "Score");
        CollectionAssert.AreEqual(expected.SelectMany(v => v).ToArray(), Vectors(stock.Transform(fresh), "Score").SelectMany(v => v).ToArray());
    }

    [TestMethod]
    public void Binary_FastTree_IsGeneric_SavesAndReloadsWithStockLoad()
    {
        var ml = new MLContext(seed: 1);
        var data = Binary(ml, 120, seed: 1);
        var estimator = ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: 4, numberOfTrees: 5, minimumExampleCountPerLeaf: 5);
        var ensemble = ml.BinaryClassification.CrossValidateEnsemble(data, estimator, Folds, seed: Seed);

        var fresh = Binary(ml, 30, seed: 9);
        AssertClose(MeanOverFolds(ensemble.FoldModels, fresh, "Probability"), Column(ensemble.Model.Transform(fresh), "Probability"), 1e-5, "mean of FastTree probabilities");
        AssertRoundTrip(ml, ensemble.Model, data, fresh, verified: false, "Probability");
    }

    [TestMethod]
    public void Regression_Sdca_SavesAndReloads_StockAndVerified_ScoringTheSame()
    {
        var ml = new MLContext(seed: 1);
        var data = SyntheticData.Regression(ml, 120, seed: 3);
        var estimator = ml.Transforms.NormalizeMeanVariance("Features").Append(ml.Regression.Trainers.Sdca(maximumNumberOfIterations: 5));
        var ensemble = ml.Regression.CrossValidateEnsemble(data, estimator, Folds, seed: Seed);

        AssertRoundTrip(ml, ensemble.Model, data, SyntheticData.Regression(ml, 30, seed: 9), verified: true, "Score",
            new LoadModelOptions { AllowedLoaderSignatures = ["RegressionPredXfer", "LinearRegressionExec"] });
    }

    private sealed class BinaryPrediction
    {
        public float Probability { get; set; }
    }

    /// <summary>
    /// Saves with mlContext.Model.Save, reloads with stock Load (and LoadModel), and compares a scalar column exactly
    /// (none when empty); binary Score is the logit of Probability, so Probability tells both.
    /// </summary>
    private static (ITransformer Stock, SharedSessionModel? Verified) AssertRoundTrip(MLContext ml, CrossValidationEnsembleTransformer model, IDataView data, IDataView fresh, bool verified, string column, LoadModelOptions? options = null)
    {
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        byte[] zip = stream.ToArray();
        ITransformer stock = ml.Model.Load(new MemoryStream(zip), out _);
        SharedSessionModel? checkedModel = verified ? MLNetDeepScoring.LoadModel(ml, new MemoryStream(zip), out _, options) : null;
        var scored = model.Transform(fresh);
        if (column.Length > 0)
        {
            float[] expected = Column(scored, column);
            CollectionAssert.AreEqual(expected, Column(stock.Transform(fresh), column), $"{column} after stock Load");
            if (checkedModel is not null)
                CollectionAssert.AreEqual(expected, Column(checkedModel.Transform(fresh), column), $"{column} after LoadModel");
        }

        AssertNoIntermediateColumns(stock.Transform(fresh).Schema);
        return (stock, checkedModel);
    }
}
