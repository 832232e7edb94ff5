using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Tests.Trainers;

namespace MLNetDeep.Tests.Embeddings;

/// <summary>
/// Categorical and numerical embeddings with the training toolkit (dropout, clipping, early stopping, class weights,
/// mixed precision, ensembles, TabM) and every task: scoring equals the TorchSharp forward, and a saved zip reloads
/// through LoadModel's allow-lists with the same scores.
/// </summary>
[TestClass]
public sealed class EmbeddingToolkitTests
{
    private readonly MLContext _ml = new(seed: 1);

    public static IEnumerable<object[]> Toolkits()
    {
        yield return [NumericalEmbedding.None, "dropout, clipping, class weights, early stopping"];
        yield return [NumericalEmbedding.PiecewiseLinear, "bfloat16"];
        yield return [NumericalEmbedding.Periodic, "float16"];
        yield return [NumericalEmbedding.PiecewiseLinear, "target-aware bins, TabM"];
        yield return [NumericalEmbedding.Periodic, "seed ensemble"];
    }

    [TestMethod]
    [DynamicData(nameof(Toolkits))]
    public void Binary_WithTheToolkit_ScoresLikeTheTorchModule_AndReloads(NumericalEmbedding numerical, string toolkit)
    {
        var rows = CategoricalData.Rows(160, 30, seed: 2);
        var (training, _) = CategoricalData.Keyed(_ml, rows);
        float[][] networkRows = NetworkRows(training);
        var capture = new EmbeddedForwardCapture(networkRows);
        var options = new DeepMlpBinaryTrainer.Options
        {
            HiddenLayerSizes = [8], NumberOfEpochs = 4, BatchSize = 32, Seed = 7, CategoricalColumnNames = ["Level"],
            NumericalEmbedding = numerical, NumberOfEmbeddingBins = 4, PeriodicFrequencies = 3, NumericalEmbeddingDimension = 4,
        };
        options.Callbacks.Add(capture);
        switch (toolkit)
        {
            case "bfloat16" or "float16":
                options.MixedPrecision = toolkit == "bfloat16" ? MixedPrecision.BFloat16 : MixedPrecision.Float16;
                options.ForceMixedPrecisionOnCpu = true;
                break;
            case "target-aware bins, TabM":
                options.TargetAwareBins = true;
                options.Architecture = Architecture.TabM;
                options.NumberOfTabMMembers = 4;
                break;
            case "seed ensemble":
                options.EnsembleSize = 2;
                break;
            default:
                options.DropoutRate = 0.1;
                options.GradientClippingNorm = 1;
                options.ClassWeighting = ClassWeighting.Balanced;
                options.EarlyStopping = new EarlyStoppingOptions { Patience = 2 };
                break;
        }

        using var model = new DeepMlpBinaryTrainer(options).Fit(training, options.EarlyStopping is null ? null : training);
        float[] scores = SyntheticData.Scores(model.Transform(training));
        if (options.EnsembleSize == 1)
        {
            for (int i = 0; i < scores.Length; i++)
                Assert.AreEqual(capture.Outputs[i], scores[i], 1e-4, $"row {i} ({toolkit})");
        }
        Assert.AreEqual(numerical, capture.Plan!.Numerical);
        AssertReloads(model, training, scores);
    }

    [TestMethod]
    [DataRow("multiclass")]
    [DataRow("regression")]
    public void OtherTasks_TrainWithEmbeddings_AndReload(string task)
    {
        var (training, _) = CategoricalData.Keyed(_ml, CategoricalData.Rows(300, 12, seed: 3));
        ITransformer model;
        if (task == "multiclass")
        {
            model = new DeepMlpMulticlassTrainer(new DeepMlpMulticlassTrainer.Options
            {
                LabelColumnName = "Class", HiddenLayerSizes = [16], NumberOfEpochs = 30, Seed = 1, LearningRate = 0.01,
                CategoricalColumnNames = ["Level"], NumericalEmbedding = NumericalEmbedding.PiecewiseLinear, TargetAwareBins = true,
            }).Fit(training);
            var metrics = _ml.MulticlassClassification.Evaluate(model.Transform(training), labelColumnName: "Class");
            Assert.IsTrue(metrics.MicroAccuracy > 0.9, $"micro-accuracy {metrics.MicroAccuracy}: the class is the level mod 3");
        }
        else
        {
            model = new DeepMlpRegressionTrainer(new DeepMlpRegressionTrainer.Options
            {
                LabelColumnName = "Target", HiddenLayerSizes = [16], NumberOfEpochs = 30, Seed = 1, LearningRate = 0.01,
                CategoricalColumnNames = ["Level"], NumericalEmbedding = NumericalEmbedding.Periodic,
            }).Fit(training);
            var metrics = _ml.Regression.Evaluate(model.Transform(training), labelColumnName: "Target");
            Assert.IsTrue(metrics.RSquared > 0.8, $"R² {metrics.RSquared}");
        }
        AssertReloads(model, training, SyntheticData.Scores(model.Transform(training)));
    }

    /// <summary>The rows as the network reads them: the two features, then the Level key's raw value.</summary>
    private static float[][] NetworkRows(IDataView training)
    {
        var features = training.GetColumn<float[]>("Features").ToArray();
        var keys = training.GetColumn<uint>("Level").ToArray();
        return [.. features.Select((f, i) => (float[])[.. f, keys[i]])];
    }

    private void AssertReloads(ITransformer model, IDataView data, float[] scores) => ReloadCheck.AssertSameScores(_ml, model, data, scores);
}
