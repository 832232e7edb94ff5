using Microsoft.ML;
using MLNetDeep.Scoring;

namespace MLNetDeep.Tests.Embeddings;

/// <summary>
/// Categorical columns in ML.NET workflows: permutation feature importance permutes them (in process and after reload),
/// the model summary shows the embedding, warm start, CheckSetup, the learning-rate finder and missing values work, and
/// bad input is named.
/// </summary>
[TestClass]
public sealed class CategoricalWorkflowTests
{
    private readonly MLContext _ml = new(seed: 1);

    private static DeepMlpBinaryTrainer.Options Options() => new()
    {
        HiddenLayerSizes = [16], NumberOfEpochs = 30, BatchSize = 32, LearningRate = 0.01, Seed = 3, CategoricalColumnNames = ["Level"],
    };

    [TestMethod]
    public void FeatureImportance_PermutesTheKeyColumn_WhichCarriesTheSignal_InProcessAndAfterReload()
    {
        IDataView raw = _ml.Data.LoadFromEnumerable(CategoricalData.Rows(400, 30, seed: 4));
        var pipeline = _ml.Transforms.Conversion.MapValueToKey("Level").Append(new DeepMlpBinaryTrainer(Options()));
        var model = pipeline.Fit(raw);

        var inProcess = _ml.BinaryClassification.DeepMlpPermutationFeatureImportance(model, raw, permutationCount: 2);
        string path = Path.Combine(Path.GetTempPath(), $"mlnetdeep-categorical-pfi-{Guid.NewGuid():N}.zip");
        try
        {
            _ml.Model.Save(model, raw.Schema, path);
            var loaded = MLNetDeepScoring.LoadModel(_ml, path, out _);
            var reloaded = _ml.BinaryClassification.DeepMlpPermutationFeatureImportance(loaded, raw, permutationCount: 2);
            foreach (var importance in new[] { inProcess, reloaded })
            {
                Assert.AreEqual(3, importance.Count, string.Join(", ", importance.Keys));
                Assert.IsTrue(importance.ContainsKey("Level"), string.Join(", ", importance.Keys));
                string mostImportant = importance.OrderBy(p => p.Value.AreaUnderRocCurve.Mean).First().Key;
                Assert.AreEqual("Level", mostImportant, "permuting the level loses the most AUC");
                Assert.IsTrue(importance["Level"].AreaUnderRocCurve.Mean < -0.2, $"AUC change {importance["Level"].AreaUnderRocCurve.Mean}");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void Summary_StartsWithTheEmbedding_AndAZipSaysItCannotReadItBack()
    {
        var (training, _) = CategoricalData.Keyed(_ml, CategoricalData.Rows(100, 10, seed: 1));
        var options = Options();
        options.NumberOfEpochs = 1;
        options.NumericalEmbedding = NumericalEmbedding.PiecewiseLinear;
        options.NumberOfEmbeddingBins = 4;
        using var model = new DeepMlpBinaryTrainer(options).Fit(training);

        var summary = model.GetModelSummary();

        LayerSummary embedding = summary.Layers[0];
        Assert.AreEqual(LayerSummary.EmbeddingLayerName, embedding.Name);
        Assert.AreEqual(3, embedding.InputSize, "two features and one key value");
        Assert.AreEqual((2 * 4) + EmbeddingPlanDefault(10), embedding.OutputSize);
        Assert.AreEqual(embedding.OutputSize, summary.Layers[1].InputSize);
        Assert.AreEqual(summary.TotalParameters, model.Model.ParameterCount, "the model's count includes the embedding");
        StringAssert.Contains(model.Model.ToString(), $"3 → {embedding.OutputSize} → 16 → 1");
        Assert.AreEqual(11L * EmbeddingPlanDefault(10), embedding.ParameterCount, "a table of 10 keys + unknown; the bins are not trained");
        StringAssert.Contains(summary.ToString(), "embedding");
        string path = Path.Combine(Path.GetTempPath(), $"mlnetdeep-categorical-summary-{Guid.NewGuid():N}.zip");
        try
        {
            _ml.Model.Save(model, training.Schema, path);
            var e = Assert.ThrowsExactly<NotSupportedException>(() => DeepMlpModelSummary.FromZip(path));
            StringAssert.Contains(e.Message, "input embeddings");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void WarmStart_ContinuesTheSameEmbedding_AndNamesADifferentOne()
    {
        var (training, _) = CategoricalData.Keyed(_ml, CategoricalData.Rows(200, 12, seed: 5));
        var options = Options();
        options.NumberOfEpochs = 2;
        options.NumericalEmbedding = NumericalEmbedding.Periodic;
        using var first = new DeepMlpBinaryTrainer(options).Fit(training);

        using var continued = new DeepMlpBinaryTrainer(options).Fit(training, first);
        Assert.AreEqual(2, continued.History.Epochs.Count);

        options.NumericalEmbedding = NumericalEmbedding.PiecewiseLinear;
        var e = Assert.ThrowsExactly<ArgumentException>(() => new DeepMlpBinaryTrainer(options).Fit(training, first));
        StringAssert.Contains(e.Message, "NumericalEmbedding is PiecewiseLinear");
        options.NumericalEmbedding = NumericalEmbedding.Periodic;
        options.CategoricalColumnNames = ["Class"];
        var keys = Assert.ThrowsExactly<ArgumentException>(() => new DeepMlpBinaryTrainer(options).Fit(training, first));
        StringAssert.Contains(keys.Message, "it embeds the key columns [Level], but CategoricalColumnNames is [Class]");
    }

    [TestMethod]
    public void CheckSetup_LearningRateFinder_AndMissingValues_WorkWithKeyColumns()
    {
        var rows = CategoricalData.Rows(200, 12, seed: 6);
        for (int i = 0; i < rows.Length; i += 7)
            rows[i].Features[1] = float.NaN;
        var (training, _) = CategoricalData.Keyed(_ml, rows);
        var options = Options();
        options.MissingValues = MissingValueHandling.Impute;
        options.NumberOfEpochs = 3;
        var trainer = new DeepMlpBinaryTrainer(options);

        var report = trainer.CheckSetup(training);
        // The unknown-key draws are off in the check's dropout-free network, so the finite differences see one function.
        Assert.AreEqual(SetupStatus.Pass, report[SetupCheckNames.GradientCheck].Status, report[SetupCheckNames.GradientCheck].Summary);
        foreach (string check in new[] { SetupCheckNames.FeatureScale, SetupCheckNames.SingleFeatureLeak })
            Assert.IsFalse(report[check].Summary.Contains("Level", StringComparison.Ordinal), $"{check} scores no key value: {report[check].Summary}");
        Assert.IsTrue(trainer.FindLearningRate(training, new LearningRateFinderOptions { NumberOfSteps = 20 }).Points.Count > 5);
        using var model = trainer.Fit(training);
        float[] scores = Trainers.SyntheticData.Scores(model.Transform(training));
        Assert.IsTrue(scores.All(float.IsFinite), "rows with a missing feature are imputed, not NaN");
    }

    [TestMethod]
    public void BadInput_IsNamed()
    {
        IDataView raw = _ml.Data.LoadFromEnumerable(CategoricalData.Rows(50, 5, seed: 1));
        var (keyed, _) = CategoricalData.Keyed(_ml, CategoricalData.Rows(50, 5, seed: 1));
        var (otherKeys, _) = CategoricalData.Keyed(_ml, CategoricalData.Rows(50, 9, seed: 2));

        var text = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new DeepMlpBinaryTrainer(Options()).Fit(raw));
        StringAssert.Contains(text.Message, "Categorical column 'Level'");
        StringAssert.Contains(text.Message, "MapValueToKey(\"Level\")");
        var options = Options();
        options.CategoricalColumnNames = ["Missing"];
        var missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new DeepMlpBinaryTrainer(options).Fit(keyed));
        StringAssert.Contains(missing.Message, "Categorical column 'Missing' is not in the training data");
        var narrow = _ml.Transforms.Conversion.ConvertType("Level", outputKind: Microsoft.ML.Data.DataKind.UInt16).Fit(keyed).Transform(keyed);
        var ushortKey = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new DeepMlpBinaryTrainer(Options()).Fit(narrow));
        StringAssert.Contains(ushortKey.Message, "DataKind.UInt32");
        var validation = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new DeepMlpBinaryTrainer(Options()).Fit(keyed, otherKeys));
        StringAssert.Contains(validation.Message, "key of 5 values");
        options = Options();
        options.MixupAlpha = 0.2;
        var mixup = Assert.ThrowsExactly<ArgumentException>(() => new DeepMlpBinaryTrainer(options));
        StringAssert.Contains(mixup.Message, "a blend of two keys is no key");
    }

    private static int EmbeddingPlanDefault(int keys) => MLNetDeep.Embeddings.EmbeddingPlan.DefaultDimension(keys);

    [TestMethod]
    public void EmbeddingOptions_ReachTheNetwork()
    {
        var (training, _) = CategoricalData.Keyed(_ml, CategoricalData.Rows(60, 10, seed: 1));
        float[] Frequencies(double sigma, int[]? widths)
        {
            var options = Options();
            options.NumberOfEpochs = 1;
            options.LearningRate = 1e-6;
            options.CategoricalEmbeddingDimensions = widths;
            options.NumericalEmbedding = NumericalEmbedding.Periodic;
            options.PeriodicSigma = sigma;
            options.PeriodicFrequencies = 20;
            options.NumericalEmbeddingDimension = 3;
            using var model = new DeepMlpBinaryTrainer(options).Fit(training);
            Assert.AreEqual((2 * 3) + (widths?[0] ?? EmbeddingPlanDefault(10)), model.GetModelSummary().Layers[0].OutputSize, "two inputs × 3 outputs, then the key's width");
            return model.Network.Members[0].Embedding!.Frequencies!;
        }

        static double Spread(float[] values) => Math.Sqrt(values.Average(v => (double)v * v));
        double narrow = Spread(Frequencies(0.1, null)), wide = Spread(Frequencies(10, [3]));
        Assert.AreEqual(0.1, narrow, 0.05, "the frequencies start from N(0, PeriodicSigma²)");
        Assert.AreEqual(10, wide, 5);
    }
}
