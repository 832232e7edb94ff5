using Microsoft.ML;
using MLNetDeep.Training;

namespace MLNetDeep;

/// <summary>
/// Catalog entry points: <c>mlContext.BinaryClassification.Trainers.DeepMlp(...)</c>,
/// <c>mlContext.MulticlassClassification.Trainers.DeepMlp(...)</c> and <c>mlContext.Regression.Trainers.DeepMlp(...)</c>.
/// </summary>
/// <remarks>
/// Characteristics: does not need normalized features (each feature is standardized inside the network with the
/// training rows' mean and standard deviation, see <see cref="DeepMlpOptionsBase.StandardizeFeatures"/>; normalizers
/// earlier in the pipeline do no harm); the saved model is an ONNX graph inside a standard ML.NET zip (loads with <c>mlContext.Model.Load</c> and the
/// MLNetDeep.Scoring package, no TorchSharp needed); the network also exports as a standalone <c>.onnx</c> file.
/// Training needs TorchSharp (this package). Like ML.NET's own trainers, a trainer from these methods draws its seed
/// from the context's seeded random numbers (unless <see cref="DeepMlpOptionsBase.Seed"/> is set), takes
/// <c>MLContext.GpuDeviceId</c> and <c>FallbackToCpu</c> (unless the options set them), writes its progress to
/// <c>mlContext.Log</c> and stops when the context's execution is cancelled.
/// </remarks>
public static class DeepMlpCatalog
{
    /// <summary>A multilayer perceptron for binary classification.</summary>
    /// <param name="catalog">The binary classification trainers catalog.</param>
    /// <param name="labelColumnName">The label column: Boolean.</param>
    /// <param name="featureColumnName">The feature column: a known-size vector of Single.</param>
    /// <param name="exampleWeightColumnName">Optional example weight column: Single, finite, ≥ 0; scales each row's loss.</param>
    /// <param name="hiddenLayerSizes">Hidden layer widths, input side first; null for the default [512, 256].</param>
    /// <param name="numberOfEpochs">Passes over the training data, ≥ 1.</param>
    /// <param name="learningRate">Adam step size, &gt; 0.</param>
    /// <param name="batchSize">Rows per step, ≥ 1.</param>
    /// <param name="seed">Seed for initialization, dropout and shuffling; null draws it from the MLContext's seeded random numbers.</param>
    public static DeepMlpBinaryTrainer DeepMlp(
        this BinaryClassificationCatalog.BinaryClassificationTrainers catalog,
        string labelColumnName = DefaultColumnNames.Label,
        string featureColumnName = DefaultColumnNames.Features,
        string? exampleWeightColumnName = null,
        int[]? hiddenLayerSizes = null,
        int numberOfEpochs = DeepMlpDefaults.NumberOfEpochs,
        double learningRate = DeepMlpDefaults.LearningRate,
        int batchSize = DeepMlpDefaults.BatchSize,
        int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new DeepMlpBinaryTrainer(Fill(new DeepMlpBinaryTrainer.Options(), labelColumnName, featureColumnName,
            exampleWeightColumnName, hiddenLayerSizes, numberOfEpochs, learningRate, batchSize, seed), Environment(catalog));
    }

    /// <summary>A multilayer perceptron for binary classification, with every option.</summary>
    /// <param name="catalog">The binary classification trainers catalog.</param>
    /// <param name="options">The trainer options; validated here.</param>
    public static DeepMlpBinaryTrainer DeepMlp(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, DeepMlpBinaryTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new DeepMlpBinaryTrainer(options, Environment(catalog));
    }

    /// <summary>A multilayer perceptron for multiclass classification (softmax output).</summary>
    /// <param name="catalog">The multiclass classification trainers catalog.</param>
    /// <param name="labelColumnName">The label column: a key type (use <c>MapValueToKey</c>), at least 2 classes.</param>
    /// <param name="featureColumnName">The feature column: a known-size vector of Single.</param>
    /// <param name="exampleWeightColumnName">Optional example weight column: Single, finite, ≥ 0; scales each row's loss.</param>
    /// <param name="hiddenLayerSizes">Hidden layer widths, input side first; null for the default [512, 256].</param>
    /// <param name="numberOfEpochs">Passes over the training data, ≥ 1.</param>
    /// <param name="learningRate">Adam step size, &gt; 0.</param>
    /// <param name="batchSize">Rows per step, ≥ 1.</param>
    /// <param name="seed">Seed for initialization, dropout and shuffling; null draws it from the MLContext's seeded random numbers.</param>
    public static DeepMlpMulticlassTrainer DeepMlp(
        this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = DefaultColumnNames.Label,
        string featureColumnName = DefaultColumnNames.Features,
        string? exampleWeightColumnName = null,
        int[]? hiddenLayerSizes = null,
        int numberOfEpochs = DeepMlpDefaults.NumberOfEpochs,
        double learningRate = DeepMlpDefaults.LearningRate,
        int batchSize = DeepMlpDefaults.BatchSize,
        int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new DeepMlpMulticlassTrainer(Fill(new DeepMlpMulticlassTrainer.Options(), labelColumnName, featureColumnName,
            exampleWeightColumnName, hiddenLayerSizes, numberOfEpochs, learningRate, batchSize, seed), Environment(catalog));
    }

    /// <summary>A multilayer perceptron for multiclass classification, with every option.</summary>
    /// <param name="catalog">The multiclass classification trainers catalog.</param>
    /// <param name="options">The trainer options; validated here.</param>
    public static DeepMlpMulticlassTrainer DeepMlp(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, DeepMlpMulticlassTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new DeepMlpMulticlassTrainer(options, Environment(catalog));
    }

    /// <summary>A multilayer perceptron for regression. The label is standardized internally; scores are in label units.</summary>
    /// <param name="catalog">The regression trainers catalog.</param>
    /// <param name="labelColumnName">The label column: Single.</param>
    /// <param name="featureColumnName">The feature column: a known-size vector of Single.</param>
    /// <param name="exampleWeightColumnName">Optional example weight column: Single, finite, ≥ 0; scales each row's loss.</param>
    /// <param name="hiddenLayerSizes">Hidden layer widths, input side first; null for the default [512, 256].</param>
    /// <param name="numberOfEpochs">Passes over the training data, ≥ 1.</param>
    /// <param name="learningRate">Adam step size, &gt; 0.</param>
    /// <param name="batchSize">Rows per step, ≥ 1.</param>
    /// <param name="seed">Seed for initialization, dropout and shuffling; null draws it from the MLContext's seeded random numbers.</param>
    public static DeepMlpRegressionTrainer DeepMlp(
        this RegressionCatalog.RegressionTrainers catalog,
        string labelColumnName = DefaultColumnNames.Label,
        string featureColumnName = DefaultColumnNames.Features,
        string? exampleWeightColumnName = null,
        int[]? hiddenLayerSizes = null,
        int numberOfEpochs = DeepMlpDefaults.NumberOfEpochs,
        double learningRate = DeepMlpDefaults.LearningRate,
        int batchSize = DeepMlpDefaults.BatchSize,
        int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new DeepMlpRegressionTrainer(Fill(new DeepMlpRegressionTrainer.Options(), labelColumnName, featureColumnName,
            exampleWeightColumnName, hiddenLayerSizes, numberOfEpochs, learningRate, batchSize, seed), Environment(catalog));
    }

    /// <summary>A multilayer perceptron for regression, with every option.</summary>
    /// <param name="catalog">The regression trainers catalog.</param>
    /// <param name="options">The trainer options; validated here.</param>
    public static DeepMlpRegressionTrainer DeepMlp(this RegressionCatalog.RegressionTrainers catalog, DeepMlpRegressionTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new DeepMlpRegressionTrainer(options, Environment(catalog));
    }

    /// <summary>The context behind the catalog (its seed, log, device settings and cancellation), reached through <c>Interop/MLNetInternals</c>.</summary>
    private static TrainerEnvironment Environment(object catalog) => TrainerEnvironment.FromCatalog(catalog, "DeepMlp");

    private static T Fill<T>(T options, string label, string features, string? weight, int[]? hidden, int epochs, double learningRate, int batchSize, int? seed)
        where T : DeepMlpOptionsBase
    {
        options.LabelColumnName = label;
        options.FeatureColumnName = features;
        options.ExampleWeightColumnName = weight;
        if (hidden is not null)
            options.HiddenLayerSizes = hidden;
        options.NumberOfEpochs = epochs;
        options.LearningRate = learningRate;
        options.BatchSize = batchSize;
        options.Seed = seed;
        return options;
    }
}

/// <summary>Default values of the most used DeepMlp options (also the catalog's parameter defaults).</summary>
public static class DeepMlpDefaults
{
    /// <summary>Default <see cref="DeepMlpOptionsBase.NumberOfEpochs"/>.</summary>
    public const int NumberOfEpochs = 40;

    /// <summary>Default <see cref="DeepMlpOptionsBase.LearningRate"/>.</summary>
    public const double LearningRate = 2e-3;

    /// <summary>Default <see cref="DeepMlpOptionsBase.BatchSize"/>.</summary>
    public const int BatchSize = 128;
}
