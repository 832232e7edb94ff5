using System.Collections.Immutable;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Tests.Explainability;

/// <summary>
/// Permutation feature importance: ML.NET's typed overloads on the fitted DeepMlp transformer and featurized data, and
/// the project's DeepMlpPermutationFeatureImportance on whole pipelines, in process and after save → load.
/// </summary>
[TestClass]
public sealed class FeatureImportanceTests
{
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    public void TypedPermutationFeatureImportance_OnFittedTransformer_RanksTheRuleFeaturesFirst()
    {
        var data = NamedFeatureData.Load(_ml, 300, seed: 1);
        var test = NamedFeatureData.Load(_ml, 200, seed: 2);

        var binary = (TransformerChain<DeepMlpTransformer<BinaryClassificationTask>>)NamedFeatureData.BinaryPipeline(_ml).Fit(data);
        var binaryStats = _ml.BinaryClassification.PermutationFeatureImportance(binary.LastTransformer, Featurize(binary, test), permutationCount: 2);
        AssertMatters(binaryStats.Select(s => s.AreaUnderRocCurve.Mean).ToArray(), mattering: [0, 1], irrelevant: 3, sign: -1);

        var multiclass = (TransformerChain<DeepMlpTransformer<MulticlassClassificationTask>>)NamedFeatureData.MulticlassPipeline(_ml).Fit(data);
        var multiclassStats = _ml.MulticlassClassification.PermutationFeatureImportance(multiclass.LastTransformer, Featurize(multiclass, test), permutationCount: 2);
        AssertMatters(multiclassStats.Select(s => s.MicroAccuracy.Mean).ToArray(), mattering: [0, 1, 2], irrelevant: 3, sign: -1);

        var regression = (TransformerChain<DeepMlpTransformer<RegressionTask>>)NamedFeatureData.RegressionPipeline(_ml).Fit(data);
        var regressionStats = _ml.Regression.PermutationFeatureImportance(regression.LastTransformer, Featurize(regression, test), "Target", permutationCount: 2);
        AssertMatters(regressionStats.Select(s => s.RSquared.Mean).ToArray(), mattering: [0, 1], irrelevant: 3, sign: -1);
    }

    [TestMethod]
    public void DeepMlpPermutationFeatureImportance_KeysByFeatureName_InProcessAndAfterReload()
    {
        var data = NamedFeatureData.Load(_ml, 300, seed: 1);
        var test = NamedFeatureData.Load(_ml, 200, seed: 2);

        var binary = NamedFeatureData.BinaryPipeline(_ml).Fit(data);
        var binaryNow = new MLContext(seed: 7).BinaryClassification.DeepMlpPermutationFeatureImportance(binary, test, permutationCount: 2);
        var binaryLoaded = new MLContext(seed: 7).BinaryClassification.DeepMlpPermutationFeatureImportance(Reload(binary, data), test, permutationCount: 2);
        AssertNamedResults(binaryNow, binaryLoaded, s => s.AreaUnderRocCurve.Mean, s => -s.Accuracy.Mean, mattering: ["A", "B"]);

        var multiclass = NamedFeatureData.MulticlassPipeline(_ml).Fit(data);
        var multiclassNow = new MLContext(seed: 7).MulticlassClassification.DeepMlpPermutationFeatureImportance(multiclass, test, permutationCount: 2);
        var multiclassLoaded = new MLContext(seed: 7).MulticlassClassification.DeepMlpPermutationFeatureImportance(Reload(multiclass, data), test, permutationCount: 2);
        AssertNamedResults(multiclassNow, multiclassLoaded, s => s.MicroAccuracy.Mean, s => s.LogLoss.Mean, mattering: ["A", "B", "C"]);

        var regression = NamedFeatureData.RegressionPipeline(_ml).Fit(data);
        var regressionNow = new MLContext(seed: 7).Regression.DeepMlpPermutationFeatureImportance(regression, test, permutationCount: 2, labelColumnName: "Target");
        var regressionLoaded = new MLContext(seed: 7).Regression.DeepMlpPermutationFeatureImportance(Reload(regression, data), test, permutationCount: 2, labelColumnName: "Target");
        AssertNamedResults(regressionNow, regressionLoaded, s => s.RSquared.Mean, s => s.RootMeanSquaredError.Mean, mattering: ["A", "B"]);
    }

    [TestMethod]
    public void DeepMlpPermutationFeatureImportance_OfATabMPipeline_RanksTheRuleFeaturesFirst_InProcessAndAfterReload()
    {
        var data = NamedFeatureData.Load(_ml, 300, seed: 1);
        var test = NamedFeatureData.Load(_ml, 200, seed: 2);
        var pipeline = _ml.Transforms.Concatenate("Features", NamedFeatureData.Names)
            .Append(_ml.Regression.Trainers.DeepMlp(new DeepMlpRegressionTrainer.Options
            {
                LabelColumnName = "Target", HiddenLayerSizes = [16], Architecture = Architecture.TabM, NumberOfTabMMembers = 4,
                NumberOfEpochs = 20, LearningRate = 0.01, BatchSize = 16, Seed = 1,
            }));

        var model = pipeline.Fit(data);
        var now = new MLContext(seed: 7).Regression.DeepMlpPermutationFeatureImportance(model, test, permutationCount: 2, labelColumnName: "Target");
        var loaded = new MLContext(seed: 7).Regression.DeepMlpPermutationFeatureImportance(Reload(model, data), test, permutationCount: 2, labelColumnName: "Target");

        AssertNamedResults(now, loaded, s => s.RSquared.Mean, s => s.RootMeanSquaredError.Mean, mattering: ["A", "B"]);
    }

    [TestMethod]
    public void DeepMlpPermutationFeatureImportance_WithoutSlotNames_KeysBySlotIndex()
    {
        var data = Trainers.SyntheticData.Binary(_ml, 120);
        var model = _ml.BinaryClassification.Trainers.DeepMlp(hiddenLayerSizes: [4], numberOfEpochs: 2, seed: 1).Fit(data);

        var result = _ml.BinaryClassification.DeepMlpPermutationFeatureImportance(model, data);

        CollectionAssert.AreEquivalent(Enumerable.Range(0, 4).Select(i => $"Features[{i}]").ToArray(), result.Keys.ToArray());
    }

    [TestMethod]
    public void DeepMlpPermutationFeatureImportance_OnTheWrongCatalogOrModel_SaysWhatToDo()
    {
        var data = NamedFeatureData.Load(_ml, 60, seed: 1);
        var regression = NamedFeatureData.RegressionPipeline(_ml).Fit(data);
        var stock = _ml.Transforms.Concatenate("Features", NamedFeatureData.Names).Fit(data);

        var wrongTask = Assert.ThrowsExactly<ArgumentException>(() => _ml.BinaryClassification.DeepMlpPermutationFeatureImportance(regression, data));
        StringAssert.StartsWith(wrongTask.Message, "The model's DeepMlp part predicts regression, not binary classification: call DeepMlpPermutationFeatureImportance on the mlContext.Regression catalog.");
        var noNetwork = Assert.ThrowsExactly<ArgumentException>(() => _ml.Regression.DeepMlpPermutationFeatureImportance(stock, data));
        StringAssert.StartsWith(noNetwork.Message, "The model has no DeepMlp part");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => _ml.Regression.DeepMlpPermutationFeatureImportance(regression, data, permutationCount: 0));
    }

    private static IDataView Featurize<T>(TransformerChain<T> chain, IDataView data)
        where T : class, ITransformer =>
        chain.Take(chain.Count() - 1).Aggregate(data, (view, transformer) => transformer.Transform(view));

    private ITransformer Reload(ITransformer model, IDataView data)
    {
        using var stream = new MemoryStream();
        _ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        return _ml.Model.Load(stream, out _);
    }

    /// <summary>Permuting a feature of the rule moves the metric (by <paramref name="sign"/>) clearly more than permuting the irrelevant one.</summary>
    private static void AssertMatters(double[] change, int[] mattering, int irrelevant, int sign)
    {
        string all = string.Join(", ", change.Select(c => c.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.AreEqual(4, change.Length, all);
        foreach (int i in mattering)
            Assert.IsTrue(sign * change[i] > (sign * change[irrelevant]) + 0.05, $"feature {i} should matter more than feature {irrelevant}: {all}");
        Assert.IsTrue(Math.Abs(change[irrelevant]) < 0.05, $"feature {irrelevant} is not in the rule: {all}");
    }

    /// <param name="now">Results on the fitted pipeline.</param>
    /// <param name="loaded">Results on the same pipeline after save → load, with an equally seeded context.</param>
    /// <param name="quality">A metric that drops when a mattering feature is permuted.</param>
    /// <param name="loss">A second metric that rises when a mattering feature is permuted (a negated quality will do).</param>
    /// <param name="mattering">The features the rule uses.</param>
    private static void AssertNamedResults<T>(
        ImmutableDictionary<string, T> now, ImmutableDictionary<string, T> loaded, Func<T, double> quality, Func<T, double> loss, string[] mattering)
    {
        CollectionAssert.AreEquivalent(NamedFeatureData.Names, now.Keys.ToArray());
        CollectionAssert.AreEquivalent(NamedFeatureData.Names, loaded.Keys.ToArray());
        foreach (string name in NamedFeatureData.Names)
        {
            Assert.AreEqual(quality(now[name]), quality(loaded[name]), 1e-4, $"{name}: the reloaded model gives another importance");
            Assert.AreEqual(loss(now[name]), loss(loaded[name]), 1e-4, $"{name}: the reloaded model gives another importance");
        }
        AssertMatters([.. NamedFeatureData.Names.Select(n => quality(now[n]))], [.. mattering.Select(n => Array.IndexOf(NamedFeatureData.Names, n))], irrelevant: 3, sign: -1);
        foreach (string name in mattering)
            Assert.IsTrue(loss(now[name]) > loss(now["D"]), $"permuting {name} should raise the loss more than permuting D");
    }
}
