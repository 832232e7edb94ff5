using Microsoft.ML;
using MLNetDeep.Cli.Data;

namespace MLNetDeep.Cli.Training;

/// <summary>Multiclass classification: log-loss for the reproduced metric; FastTree (one versus all) and LightGBM baselines.</summary>
public sealed class MulticlassTaskRunner : TaskRunner
{
    /// <inheritdoc/>
    public override string MetricName => "log-loss";

    /// <inheritdoc/>
    public override string CatalogName => "MulticlassClassification";

    /// <inheritdoc/>
    public override string MetricExpression => "metrics.LogLoss";

    /// <inheritdoc/>
    public override double Metric(MLContext mlContext, IDataView scored) => mlContext.MulticlassClassification.Evaluate(scored).LogLoss;

    /// <inheritdoc/>
    public override MetricsComparison Compare(MLContext mlContext, params (string Name, IDataView Scored)[] models) => MetricsComparison.Multiclass(mlContext, models);

    /// <inheritdoc/>
    /// <remarks>FastTree fits one binary model per class (one versus all): above <see cref="MaxFastTreeClasses"/> classes it is left out.</remarks>
    public override IReadOnlyList<(string Name, IEstimator<ITransformer> Trainer)> Baselines(MLContext mlContext, LabelInfo label)
    {
        ArgumentNullException.ThrowIfNull(label);
        IEstimator<ITransformer> lightGbm = mlContext.MulticlassClassification.Trainers.LightGbm();
        return label.Classes.Count > MaxFastTreeClasses
            ? [("LightGBM", lightGbm)]
            : [("FastTree", mlContext.MulticlassClassification.Trainers.OneVersusAll(mlContext.BinaryClassification.Trainers.FastTree())), ("LightGBM", lightGbm)];
    }

    /// <summary>The most classes for which the one-versus-all FastTree baseline runs.</summary>
    public const int MaxFastTreeClasses = 20;

    /// <inheritdoc/>
    public override SearchOutcome Search(MLContext mlContext, IDataView development, Featurization featurization, TestOnceOptions workflowOptions,
        SearchOptions options, Action<IDataView> fitBaselines)
    {
        var workflow = mlContext.MulticlassClassification.CreateTestOnceWorkflow(development, workflowOptions);
        fitBaselines(workflow.TrainingData);
        var space = Space(new DeepMlpMulticlassTrainer.Options());
        return Guarded(options, () => workflow.SearchHyperparameters(space, setup => featurization.Then(mlContext.MulticlassClassification.Trainers.DeepMlp(setup.Options)), options));
    }

    /// <inheritdoc/>
    public override SetupReport CheckSetup(MLContext mlContext, IEstimator<ITransformer> preprocessing, IDataView training, int seed) =>
        mlContext.MulticlassClassification.Trainers.DeepMlp(new DeepMlpMulticlassTrainer.Options { Seed = seed }).CheckSetup(preprocessing, training);

    /// <inheritdoc/>
    public override LearningRateFinderResult FindLearningRate(MLContext mlContext, IDataView training, int seed) =>
        mlContext.MulticlassClassification.Trainers.DeepMlp(new DeepMlpMulticlassTrainer.Options { Seed = seed }).FindLearningRate(training);
}
