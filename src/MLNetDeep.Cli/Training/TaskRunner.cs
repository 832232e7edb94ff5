using Microsoft.ML;
using MLNetDeep.Cli.Data;

namespace MLNetDeep.Cli.Training;

/// <summary>
/// What differs between binary, multiclass and regression in the command line: the search, the baselines, the report,
/// the one ML.NET metric the generated code reproduces, and the doctor's trainer. Nothing else switches on the task.
/// </summary>
public abstract class TaskRunner
{
    /// <summary>The runner for <paramref name="task"/>.</summary>
    /// <param name="task">Binary, multiclass or regression.</param>
    public static TaskRunner For(TaskKind task) => task switch
    {
        TaskKind.Binary => new BinaryTaskRunner(),
        TaskKind.Multiclass => new MulticlassTaskRunner(),
        TaskKind.Regression => new RegressionTaskRunner(),
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "The task must be inferred before a runner is chosen."),
    };

    /// <summary>The ML.NET metric printed for the saved model and reproduced by the generated console app.</summary>
    public abstract string MetricName { get; }

    /// <summary>The ML.NET catalog expression (after <c>mlContext.</c>) of the task, for generated code.</summary>
    public abstract string CatalogName { get; }

    /// <summary>The C# expression, over ML.NET's metrics object <c>metrics</c>, of <see cref="MetricName"/>, for generated code.</summary>
    public abstract string MetricExpression { get; }

    /// <summary>Computes <see cref="MetricName"/> with ML.NET's evaluator on <paramref name="scored"/> (label column "Label").</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="scored">The scored rows.</param>
    public abstract double Metric(MLContext mlContext, IDataView scored);

    /// <summary>The multi-metric reports of <paramref name="models"/> side by side.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="models">(name, scored rows) per model.</param>
    public abstract MetricsComparison Compare(MLContext mlContext, params (string Name, IDataView Scored)[] models);

    /// <summary>The baselines: (name, trainer reading "Label" and "Features").</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="label">The label (its class count).</param>
    public abstract IReadOnlyList<(string Name, IEstimator<ITransformer> Trainer)> Baselines(MLContext mlContext, LabelInfo label);

    /// <summary>Searches DeepMlp configurations on a test-once workflow over <paramref name="development"/> within <paramref name="options"/>' budget.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="development">The training + validation rows, raw.</param>
    /// <param name="featurization">The steps before the trainer.</param>
    /// <param name="workflowOptions">The split of <paramref name="development"/>.</param>
    /// <param name="options">Budget, seed, progress; <see cref="SearchOptions.RefitAndEvaluateTest"/> false.</param>
    /// <param name="fitBaselines">Called with the workflow's training rows before the search, to fit the baselines on the same rows.</param>
    public abstract SearchOutcome Search(MLContext mlContext, IDataView development, Featurization featurization, TestOnceOptions workflowOptions,
        SearchOptions options, Action<IDataView> fitBaselines);

    /// <summary>The setup checks of a default DeepMlp trainer behind <paramref name="preprocessing"/>, on <paramref name="training"/>.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="preprocessing">The label and feature steps.</param>
    /// <param name="training">Raw training rows.</param>
    /// <param name="seed">The seed.</param>
    public abstract SetupReport CheckSetup(MLContext mlContext, IEstimator<ITransformer> preprocessing, IDataView training, int seed);

    /// <summary>The learning-rate finder of a default DeepMlp trainer on featurized <paramref name="training"/> rows.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="training">Featurized training rows ("Label", "Features").</param>
    /// <param name="seed">The seed.</param>
    public abstract LearningRateFinderResult FindLearningRate(MLContext mlContext, IDataView training, int seed);

    /// <summary>The search space every task shares: learning rate, width and depth, dropout, weight decay, batch size.</summary>
    /// <param name="baseOptions">The options every trial starts from (AdamW, early stopping and an epoch cap are set here).</param>
    private protected static SearchSpace<TOptions> Space<TOptions>(TOptions baseOptions)
        where TOptions : DeepMlpOptionsBase, new()
    {
        baseOptions.NumberOfEpochs = 40;
        baseOptions.Optimizer = OptimizerAlgorithm.AdamW;
        baseOptions.EarlyStopping = new EarlyStoppingOptions { Patience = 4 };
        return new SearchSpace<TOptions>(baseOptions)
            .LogUniform(o => o.LearningRate, 3e-4, 1e-2)
            .Choice(o => o.HiddenLayerSizes, [128, 64], [256, 128], [512, 256])
            .Uniform(o => o.DropoutRate, 0, 0.4)
            .LogUniform(o => o.WeightDecay, 1e-5, 1e-2)
            .Choice(o => o.BatchSize, 64, 128, 256);
    }

    /// <summary>Runs <paramref name="search"/>, turning "no trial was scored" into the budget error.</summary>
    /// <param name="options">The search options (their budget names the error).</param>
    /// <param name="search">The search.</param>
    private protected static SearchOutcome Guarded<TReport>(SearchOptions options, Func<SearchResult<TReport>> search)
        where TReport : MetricsReport
    {
        try
        {
            return SearchOutcome.From(search(), options.MaxTime ?? TimeSpan.Zero);
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("None of the", StringComparison.Ordinal))
        {
            throw SearchOutcome.BudgetTooSmall(options.MaxTime ?? TimeSpan.Zero);
        }
    }
}
