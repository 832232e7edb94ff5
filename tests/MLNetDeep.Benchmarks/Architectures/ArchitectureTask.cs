using Microsoft.ML;
using MLNetDeep.Examples;

namespace MLNetDeep.Benchmarks.Architectures;

/// <summary>
/// One table of the architectures section (issue 22): how to load it, the DeepMlp trainer for its task with given
/// options, FastTree and LightGBM with default options in the same pipeline, and the test metric the issue names
/// (higher is better) with a second one (log-loss for classification, where reweighting shows in calibration; RMSE for
/// regression; lower is better).
/// </summary>
internal sealed record ArchitectureTask(
    string Name,
    string MetricName,
    Func<MLContext, (IDataView Data, IEstimator<ITransformer> Preprocessing)> Load,
    Func<DeepMlpOptionsBase> NewOptions,
    Func<MLContext, DeepMlpOptionsBase, IEstimator<ITransformer>> DeepMlp,
    Func<MLContext, IEstimator<ITransformer>> FastTree,
    Func<MLContext, IEstimator<ITransformer>> LightGbm,
    Func<MLContext, IDataView, (double Metric, double Second)> Metric)
{
    /// <summary>The table's categorical columns as keys for an embedding (and the preprocessing that leaves them out of the features), or null when it has none.</summary>
    public (string[] Keys, Func<MLContext, IEstimator<ITransformer>> Preprocessing)? Keyed { get; init; }

    /// <summary>The fixed list, named before the runs: spambase, pima, sonar (AUC), satellite (macro-accuracy), diamonds (R²).</summary>
    public static IReadOnlyList<ArchitectureTask> All { get; } =
    [
        Binary("spambase", BundledDatasets.Spambase),
        Binary("pima", BundledDatasets.Pima),
        Binary("sonar", BundledDatasets.Sonar),
        new("satellite", "macro-accuracy", BundledDatasets.Satellite,
            () => new DeepMlpMulticlassTrainer.Options(),
            (ml, o) => ml.MulticlassClassification.Trainers.DeepMlp((DeepMlpMulticlassTrainer.Options)o),
            ml => ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree()),
            ml => ml.MulticlassClassification.Trainers.LightGbm(),
            (ml, scored) => ml.MulticlassClassification.Evaluate(scored) is var m ? (m.MacroAccuracy, m.LogLoss) : default),
        new("diamonds", "R²", BundledDatasets.Diamonds,
            () => new DeepMlpRegressionTrainer.Options(),
            (ml, o) => ml.Regression.Trainers.DeepMlp((DeepMlpRegressionTrainer.Options)o),
            ml => ml.Regression.Trainers.FastTree(),
            ml => ml.Regression.Trainers.LightGbm(),
            (ml, scored) => ml.Regression.Evaluate(scored) is var m ? (m.RSquared, m.RootMeanSquaredError) : default)
        {
            Keyed = (["cut", "color", "clarity"], ml => ml.Transforms.Conversion.MapValueToKey([new("cut"), new("color"), new("clarity")])
                .Append(ml.Transforms.Concatenate("Features", "carat", "dimensions"))
                .Append(ml.Transforms.NormalizeMeanVariance("Features"))),
        },
    ];

    private static ArchitectureTask Binary(string name, Func<MLContext, (IDataView, IEstimator<ITransformer>)> load) => new(
        name, "AUC", load,
        () => new DeepMlpBinaryTrainer.Options(),
        (ml, o) => ml.BinaryClassification.Trainers.DeepMlp((DeepMlpBinaryTrainer.Options)o),
        ml => ml.BinaryClassification.Trainers.FastTree(),
        ml => ml.BinaryClassification.Trainers.LightGbm(),
        (ml, scored) => ml.BinaryClassification.Evaluate(scored) is var m ? (m.AreaUnderRocCurve, m.LogLoss) : default);
}
