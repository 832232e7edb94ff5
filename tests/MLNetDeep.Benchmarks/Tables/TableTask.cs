using Microsoft.ML;
using MLNetDeep.Examples;

namespace MLNetDeep.Benchmarks.Tables;

/// <summary>
/// One bundled table for the small-tables section: how to load it, fit DeepMlp and FastTree in its pipeline, and score
/// a test split on the metrics the issue names (higher is better for each, except log-loss).
/// </summary>
internal sealed record TableTask(
    string Name,
    Func<MLContext, (IDataView Data, IEstimator<ITransformer> Preprocessing)> Load,
    Func<DeepMlpOptionsBase> NewOptions,
    Func<MLContext, DeepMlpOptionsBase, IEstimator<ITransformer>> DeepMlp,
    Func<MLContext, IEstimator<ITransformer>> FastTree,
    Func<MLContext, IDataView, IReadOnlyList<(string Metric, double Value)>> Score,
    IReadOnlyList<(string Metric, double Bound, bool AtMost)> Bounds)
{
    /// <summary>Spambase, satellite and diamonds with the quality bounds (mean of 3 seeds).</summary>
    public static IReadOnlyList<TableTask> Bundled { get; } =
    [
        new("spambase", BundledDatasets.Spambase,
            () => new DeepMlpBinaryTrainer.Options(),
            (ml, options) => ml.BinaryClassification.Trainers.DeepMlp((DeepMlpBinaryTrainer.Options)options),
            ml => ml.BinaryClassification.Trainers.FastTree(),
            (ml, scored) =>
            {
                var m = ml.BinaryClassification.Evaluate(scored);
                return [("accuracy", m.Accuracy), ("AUC", m.AreaUnderRocCurve), ("log-loss", m.LogLoss)];
            },
            [("accuracy", 0.947, false), ("AUC", 0.974, false), ("log-loss", 0.325, true)]),
        new("satellite", BundledDatasets.Satellite,
            () => new DeepMlpMulticlassTrainer.Options(),
            (ml, options) => ml.MulticlassClassification.Trainers.DeepMlp((DeepMlpMulticlassTrainer.Options)options),
            ml => ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree()),
            (ml, scored) => [("micro-accuracy", ml.MulticlassClassification.Evaluate(scored).MicroAccuracy)],
            [("micro-accuracy", 0.905, false)]),
        new("diamonds", BundledDatasets.Diamonds,
            () => new DeepMlpRegressionTrainer.Options(),
            (ml, options) => ml.Regression.Trainers.DeepMlp((DeepMlpRegressionTrainer.Options)options),
            ml => ml.Regression.Trainers.FastTree(),
            (ml, scored) => [("R²", ml.Regression.Evaluate(scored).RSquared)],
            [("R²", 0.976, false)]),
    ];
}
