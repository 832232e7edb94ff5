using Microsoft.ML;
using MLNetDeep.Cli.Data;

namespace MLNetDeep.Cli.Training;

/// <summary>Binary classification: AUC for the reproduced metric; FastTree and LightGBM baselines.</summary>
public sealed class BinaryTaskRunner : TaskRunner
{
    /// <inheritdoc/>
    public override string MetricName => "AUC";

    /// <inheritdoc/>
    public override string CatalogName => "BinaryClassification";

    /// <inheritdoc/>
    public override string MetricExpression => "metrics.AreaUnderRocCurve";

    /// <inheritdoc/>
    public override double Metric(MLContext mlContext, IDataView scored) => mlContext.BinaryClassification.Evaluate(scored).AreaUnderRocCurve;

    /// <inheritdoc/>
    public override MetricsComparison Compare(MLContext mlContext, params (string Name, IDataView Scored)[] models) => MetricsComparison.Binary(mlContext, models);

    /// <inheritdoc/>
    public override IReadOnlyList<(string Name, IEstimator<ITransformer> Trainer)> Baselines(MLContext mlContext, LabelInfo label) =>
        [("FastTree", mlContext.BinaryClassification.Trainers.FastTree()), ("LightGBM", mlContext.BinaryClassification.Trainers.LightGbm())];

    /// <inheritdoc/>
    public override SearchOutcome Search(MLContext mlContext, IDataView development, Featurization featurization, TestOnceOptions workflowOptions,
        SearchOptions options, Action<IDataView> fitBaselines)
    {
        var workflow = mlContext.BinaryClassification.CreateTestOnceWorkflow(development, workflowOptions);
        fitBaselines(workflow.TrainingData);
        var space = Space(new DeepMlpBinaryTrainer.Options());
        return Guarded(options, () => workflow.SearchHyperparameters(space, setup => featurization.Then(mlContext.BinaryClassification.Trainers.DeepMlp(setup.Options)), options));
    }

    /// <inheritdoc/>
    public override SetupReport CheckSetup(MLContext mlContext, IEstimator<ITransformer> preprocessing, IDataView training, int seed) =>
        mlContext.BinaryClassification.Trainers.DeepMlp(new DeepMlpBinaryTrainer.Options { Seed = seed }).CheckSetup(preprocessing, training);

    /// <inheritdoc/>
    public override LearningRateFinderResult FindLearningRate(MLContext mlContext, IDataView training, int seed) =>
        mlContext.BinaryClassification.Trainers.DeepMlp(new DeepMlpBinaryTrainer.Options { Seed = seed }).FindLearningRate(training);
}
