using Microsoft.ML;
using MLNetDeep.Tests.Trainers;
using static MLNetDeep.Tests.Checkpoints.CheckpointTestKit;

namespace MLNetDeep.Tests.Checkpoints;

/// <summary>
/// A fit that crashes mid-epoch and resumes from its checkpoint folder reaches exactly the weights and history of an
/// uninterrupted fit (CPU, cached data), with every built-in callback, schedule, augmentation and step variant (two
/// configurations also record gradient statistics, which the checkpoint's history carries).
/// </summary>
[TestClass]
public sealed class ResumeTests
{
    private readonly MLContext _ml = new(seed: 1);

    // 160 rows in batches of 16: 10 batches per epoch. Each configuration crashes mid-epoch after at least one checkpoint.
    [TestMethod]
    [DataRow("adam-cosine-dropout-early-stopping", 25)]
    [DataRow("early-stopping-stops-in-epoch-2", 15)]
    [DataRow("plateau-mixup-noise-clipping-accumulation-warmup", 23)]
    [DataRow("sgd-one-cycle-ensemble", 53)]
    [DataRow("float16-batchnorm-on-cpu", 27)]
    [DataRow("bfloat16-layernorm-residual", 14)]
    [DataRow("tabm-dropout-early-stopping-statistics", 25)]
    [DataRow("tabm-mini-multiclass-ensemble", 33)]
    [DataRow("periodic-embedding-dropout", 19)]
    [DataRow("target-aware-bins-multiclass", 29)]
    public void ResumeAfterACrashMidEpoch_ReachesTheUninterruptedWeightsAndHistory(string configuration, int crashAtBatch)
    {
        string folder = NewFolder();
        try
        {
            var (uninterrupted, uninterruptedCallback) = Fit(configuration, folder: null, resume: false, crashAtBatch: null);

            Assert.ThrowsExactly<SimulatedCrash>(() => Fit(configuration, folder, resume: false, crashAtBatch));
            Assert.IsNotEmpty(Directory.GetFiles(folder, "*.ckpt"), "the crashed fit wrote checkpoints");
            var (resumed, resumedCallback) = Fit(configuration, folder, resume: true, crashAtBatch: null);

            CollectionAssert.AreEqual(Weights(uninterrupted), Weights(resumed), $"{configuration}: weights");
            AssertSameHistory(uninterrupted.History, resumed.History);
            // The resumed history has the uninterrupted one's notes, then its own note of the resume.
            CollectionAssert.AreEqual(uninterrupted.History.Notes.ToList(), resumed.History.Notes.SkipLast(1).ToList(), "notes");
            Assert.AreEqual(1, resumedCallback.Restores, "the user callback's restore hook ran once");
            Assert.AreEqual(uninterruptedCallback.BatchesSeen, resumedCallback.BatchesSeen, "the user callback's state continued from the checkpoint");
            StringAssert.StartsWith(resumed.History.Notes[^1], $"Resumed from checkpoint '{folder}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private (DeepMlpTransformer Model, CrashAt Callback) Fit(string configuration, string? folder, bool resume, long? crashAtBatch)
    {
        var callback = new CrashAt { CrashAtBatch = crashAtBatch };
        DeepMlpOptionsBase options = configuration switch
        {
            "adam-cosine-dropout-early-stopping" => new DeepMlpRegressionTrainer.Options
            {
                HiddenLayerSizes = [16, 8], DropoutRate = 0.2, ValidationFraction = 0.2, // Only epoch 1 can improve by MinDelta: early stopping restores its weights at the end from the copy the checkpoint carries.
                EarlyStopping = new EarlyStoppingOptions { Patience = 10, MinDelta = 1e9 }, GradientStatisticsEveryNSteps = 3,
            },
            // Epoch 2 cannot improve by MinDelta: early stopping stops after it and restores epoch 1 from its copy.
            "early-stopping-stops-in-epoch-2" => new DeepMlpRegressionTrainer.Options
            {
                HiddenLayerSizes = [8], ValidationFraction = 0.2, EarlyStopping = new EarlyStoppingOptions { Patience = 1, MinDelta = 1e9 },
            },
            "plateau-mixup-noise-clipping-accumulation-warmup" => new DeepMlpBinaryTrainer.Options
            {
                HiddenLayerSizes = [16], LearningRateSchedule = LearningRateSchedule.ReduceOnPlateau,
                // A tiny rate cannot improve the loss by the plateau threshold: the rate is cut after every epoch from epoch 2.
                LearningRate = 1e-6, PlateauPatience = 0, MixupAlpha = 0.4, InputNoiseStandardDeviation = 0.1, GradientClippingNorm = 0.5,
                GradientAccumulationSteps = 2, WarmupSteps = 3, ValidationFraction = 0.25, GradientStatisticsEveryNSteps = 2,
            },
            "sgd-one-cycle-ensemble" => new DeepMlpMulticlassTrainer.Options
            {
                HiddenLayerSizes = [12], Optimizer = OptimizerAlgorithm.Sgd, Nesterov = true, LearningRate = 0.05,
                LearningRateSchedule = LearningRateSchedule.OneCycle, EnsembleSize = 2,
            },
            "tabm-dropout-early-stopping-statistics" => new DeepMlpBinaryTrainer.Options
            {
                HiddenLayerSizes = [8, 8], Architecture = Architecture.TabM, NumberOfTabMMembers = 4, DropoutRate = 0.2, ValidationFraction = 0.2,
                EarlyStopping = new EarlyStoppingOptions { Patience = 10, MinDelta = 1e9 }, GradientStatisticsEveryNSteps = 3,
            },
            "tabm-mini-multiclass-ensemble" => new DeepMlpMulticlassTrainer.Options
            {
                HiddenLayerSizes = [8], Architecture = Architecture.TabMMini, NumberOfTabMMembers = 3, EnsembleSize = 2, Normalization = Normalization.LayerNorm,
            },
            "periodic-embedding-dropout" => new DeepMlpBinaryTrainer.Options
            {
                HiddenLayerSizes = [8], NumericalEmbedding = NumericalEmbedding.Periodic, PeriodicFrequencies = 3, NumericalEmbeddingDimension = 2, DropoutRate = 0.2,
            },
            "target-aware-bins-multiclass" => new DeepMlpMulticlassTrainer.Options
            {
                HiddenLayerSizes = [8], NumericalEmbedding = NumericalEmbedding.PiecewiseLinear, TargetAwareBins = true, NumberOfEmbeddingBins = 4,
            },
            "float16-batchnorm-on-cpu" => new DeepMlpRegressionTrainer.Options
            {
                HiddenLayerSizes = [8], DropoutRate = 0.1, Normalization = Normalization.BatchNorm, MixedPrecision = MixedPrecision.Float16, ForceMixedPrecisionOnCpu = true,
            },
            _ => new DeepMlpRegressionTrainer.Options
            {
                HiddenLayerSizes = [8, 8], Normalization = Normalization.LayerNorm, Architecture = Architecture.ResNet,
                MixedPrecision = MixedPrecision.BFloat16, ForceMixedPrecisionOnCpu = true,
            },
        };
        options.Seed = 3;
        options.BatchSize = 16;
        options.NumberOfEpochs = 4;
        options.Callbacks.Add(callback);
        options.CheckpointDirectory = folder;
        options.ResumeFromCheckpoint = resume ? folder : null;
        DeepMlpTransformer model = options switch
        {
            DeepMlpRegressionTrainer.Options o => new DeepMlpRegressionTrainer(o).Fit(SyntheticData.Regression(_ml, 160)),
            DeepMlpBinaryTrainer.Options o => new DeepMlpBinaryTrainer(o).Fit(SyntheticData.Binary(_ml, 160)),
            DeepMlpMulticlassTrainer.Options o => new DeepMlpMulticlassTrainer(o).Fit(SyntheticData.Multiclass(_ml, 160)),
            _ => throw new ArgumentOutOfRangeException(nameof(configuration)),
        };
        return (model, callback);
    }

    private static void AssertSameHistory(TrainingHistory expected, TrainingHistory actual)
    {
        Assert.AreEqual(expected.SelectedEpoch, actual.SelectedEpoch, "selected epoch");
        CollectionAssert.AreEqual(expected.Epochs.Select(e => (e.TrainingLoss, e.ValidationLoss, e.ValidationMetric, e.LearningRate)).ToList(),
            actual.Epochs.Select(e => (e.TrainingLoss, e.ValidationLoss, e.ValidationMetric, e.LearningRate)).ToList(), "epochs");
        CollectionAssert.AreEqual(expected.Steps.ToList(), actual.Steps.ToList(), "steps");
        CollectionAssert.AreEqual(expected.LayerStatistics.ToList(), actual.LayerStatistics.ToList(), "layer statistics");
        CollectionAssert.AreEqual(expected.Classes.ToList(), actual.Classes.ToList(), "classes");
        Assert.AreEqual(expected.BaselineLoss, actual.BaselineLoss, "baseline loss");
        Assert.AreEqual(expected.Members.Count, actual.Members.Count, "members");
        for (int i = 1; i < expected.Members.Count; i++)
            AssertSameHistory(expected.Members[i], actual.Members[i]);
    }
}
