using Microsoft.ML;
using MLNetDeep.Cli.Data;

namespace MLNetDeep.Cli.Training;

/// <summary>Regression: RMSE for the reproduced metric; FastTree and LightGBM baselines.</summary>
public sealed class RegressionTaskRunner : TaskRunner
{
    /// <inheritdoc/>
    public override string MetricName => "RMSE";

    /// <inheritdoc/>
    public override string CatalogName => "Regression";

    /// <inheritdoc/>
    public override string MetricExpression => "metrics.RootMeanSquaredError";

    /// <inheritdoc/>
    public override double Metric(MLContext mlContext, IDataView scored) => mlContext.Regression.Evaluate(scored).RootMeanSquaredError;

    /// <inheritdoc/>
    public override MetricsComparison Compare(MLContext mlContext, params (string Name, IDataView Scored)[] models) => MetricsComparison.Regression(mlContext, models);

    /// <inheritdoc/>
    public override IReadOnlyList<(string Name, IEstimator<ITransformer> Trainer)> Baselines(MLContext mlContext, LabelInfo label) =>
        [("FastTree", mlContext.Regression.Trainers.FastTree()), ("LightGBM", mlContext.Regression.Trainers.LightGbm())];

    /// <inheritdoc/>
    public override SearchOutcome Search(MLContext mlContext, IDataView development, Featurization featurization, TestOnceOptions workflowOptions,
        SearchOptions options, Action<IDataView> fitBaselines)
    {
        var workflow = mlContext.Regression.CreateTestOnceWorkflow(development, workflowOptions);
        fitBaselines(workflow.TrainingData);
        var space = Space(new DeepMlpRegressionTrainer.Options());
        return Guarded(options, () => workflow.SearchHyperparameters(space, setup => featurization.Then(mlContext.Regression.Trainers.DeepMlp(setup.Options)), options));
    }

    /// <inheritdoc/>
    public override SetupReport CheckSetup(MLContext mlContext, IEstimator<ITransformer> preprocessing, IDataView training, int seed) =>
        mlContext.Regression.Trainers.DeepMlp(new DeepMlpRegressionTrainer.Options { Seed = seed }).CheckSetup(preprocessing, training);

    /// <inheritdoc/>
    public override LearningRateFinderResult FindLearningRate(MLContext mlContext, IDataView training, int seed) =>
        mlContext.Regression.Trainers.DeepMlp(new DeepMlpRegressionTrainer.Options { Seed = seed }).FindLearningRate(training);
}
