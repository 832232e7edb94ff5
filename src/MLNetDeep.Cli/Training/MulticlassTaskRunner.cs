using Microsoft.ML;

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
    public override IReadOnlyList<(string Name, IEstimator<ITransformer> Trainer)> Baselines(MLContext mlContext) =>
        [("FastTree", mlContext.MulticlassClassification.Trainers.OneVersusAll(mlContext.BinaryClassification.Trainers.FastTree())), ("LightGBM", mlContext.MulticlassClassification.Trainers.LightGbm())];

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
