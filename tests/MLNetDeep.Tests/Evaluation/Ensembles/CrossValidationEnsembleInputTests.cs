using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MLNetDeep.Tests.Trainers;
using static MLNetDeep.Tests.Evaluation.Ensembles.EnsembleFixtures;

namespace MLNetDeep.Tests.Evaluation.Ensembles;

/// <summary>Each fold model reads the inputs as the data has them; bad arguments give clear errors.</summary>
[TestClass]
public sealed class CrossValidationEnsembleInputTests
{
    [TestMethod]
    public void InPlaceNormalizer_OfOneFold_DoesNotFeedTheNextFold()
    {
        var ml = new MLContext(seed: 1);
        var ensemble = ml.BinaryClassification.CrossValidateEnsemble(Binary(ml, 150, seed: 1), NormalizedBinaryDeepMlp(ml), Folds, seed: Seed);
        var fresh = Binary(ml, 40, seed: 5);

        float[] actual = Column(ensemble.Model.Transform(fresh), "Probability");

        AssertClose(MeanOverFolds(ensemble.FoldModels, fresh, "Probability"), actual, 1e-5, "each fold scores the raw inputs");
        // What a chain without the restore would give: each fold reads the features the folds before it normalized.
        var leaked = new List<float[]>();
        IDataView view = fresh;
        foreach (ITransformer fold in ensemble.FoldModels)
        {
            view = fold.Transform(view);
            leaked.Add(Column(view, "Probability"));
        }

        double largest = Enumerable.Range(0, actual.Length).Max(i => Math.Abs(leaked.Average(p => p[i]) - actual[i]));
        Assert.IsGreaterThan(1e-3, largest, "the test data make a leak visible");
    }

    [TestMethod]
    public void LabelMappedInPlace_IsRestoredForEachFold()
    {
        var ml = new MLContext(seed: 1);
        var rows = SyntheticData.Features(150, seed: 4).Select(x => new SyntheticData.ClassRow { Features = x, Class = SyntheticData.ClassRule(x) }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var estimator = ml.Transforms.Conversion.MapValueToKey("Class", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(ml.MulticlassClassification.Trainers.DeepMlp("Class", hiddenLayerSizes: [8], numberOfEpochs: 2, seed: 1));

        var ensemble = ml.MulticlassClassification.CrossValidateEnsemble(data, estimator, Folds, "Class", seed: Seed);

        var fresh = ml.Data.LoadFromEnumerable(rows.Take(20).ToList());
        var perFold = ensemble.FoldModels.Select(f => Vectors(f.Transform(fresh), "Score")).ToList();
        float[][] actual = Vectors(ensemble.Model.Transform(fresh), "Score");
        for (int i = 0; i < actual.Length; i++)
            AssertClose([.. Enumerable.Range(0, 3).Select(c => perFold.Average(p => p[i][c]))], actual[i], 1e-5, $"row {i}");
        Assert.IsInstanceOfType<KeyDataViewType>(ensemble.Model.Transform(fresh).Schema["Class"].Type);
    }

    [TestMethod]
    public void Multiclass_FoldsWithDifferentLabelKeys_AreRefused_SayingHowToMapTheLabel()
    {
        var ml = new MLContext(seed: 1);
        var rows = SyntheticData.Features(90, seed: 4).Select(x => new SyntheticData.ClassRow { Features = x, Class = SyntheticData.ClassRule(x) }).ToList();
        rows[0].Class = "d"; // one row: the fold that holds it out learns 3 classes, the others 4
        var estimator = ml.Transforms.Conversion.MapValueToKey("Class", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(ml.MulticlassClassification.Trainers.DeepMlp("Class", hiddenLayerSizes: [4], numberOfEpochs: 1, seed: 1));

        var error = Assert.ThrowsExactly<ArgumentException>(() =>
            ml.MulticlassClassification.CrossValidateEnsemble(ml.Data.LoadFromEnumerable(rows), estimator, Folds, "Class", seed: Seed));

        StringAssert.Contains(error.Message, "maps label column 'Class' to other keys than fold 0");
        StringAssert.Contains(error.Message, "so their Score slots do not line up. Map the label to a key on all rows before cross-validating");
    }

    [TestMethod]
    public void FewerThanTwoFolds_IsRefused()
    {
        var ml = new MLContext(seed: 1);
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            ml.BinaryClassification.CrossValidateEnsemble(Binary(ml, 20, seed: 1), NormalizedBinaryDeepMlp(ml), numberOfFolds: 1));

        Assert.AreEqual("numberOfFolds is 1, but cross-validation needs at least 2 folds. (Parameter 'numberOfFolds')\nActual value was 1.",
            error.Message.ReplaceLineEndings("\n"));
    }

    [TestMethod]
    public void MissingLabelOrSamplingKeyColumn_IsRefused_NamingTheColumns()
    {
        var ml = new MLContext(seed: 1);
        var data = SyntheticData.Regression(ml, 20, seed: 1);
        var estimator = ml.Regression.Trainers.Sdca();

        var label = Assert.ThrowsExactly<ArgumentException>(() => ml.Regression.CrossValidateEnsemble(data, estimator, labelColumnName: "Target"));
        var key = Assert.ThrowsExactly<ArgumentException>(() => ml.Regression.CrossValidateEnsemble(data, estimator, samplingKeyColumnName: "Group"));

        Assert.AreEqual("Label column 'Target' is not in the data. Columns: 'Features', 'Label'. Pass labelColumnName; "
            + "to map a text label to a key, map that column in place with keys in value order, so every fold gets the same keys "
            + "(MapValueToKey(\"Class\", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue) with labelColumnName \"Class\"). (Parameter 'labelColumnName')", label.Message);
        Assert.AreEqual("Sampling key column 'Group' is not in the data. Columns: 'Features', 'Label'. (Parameter 'samplingKeyColumnName')", key.Message);
    }
}
