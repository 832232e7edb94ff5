using Microsoft.ML;

namespace MLNetDeep;

/// <summary>
/// <c>SearchHyperparameters</c> on the test-once workflows: every trial fits on the workflow's training rows and is
/// judged (and pruned) on its validation rows; the best configuration is refit on training + validation rows and the
/// test rows are scored once with it. The workflow's leakage checks run on the best trial's model.
/// </summary>
/// <remarks>
/// <para>The pipeline builder is called once per trial (and once for the refit) and must build its DeepMlp trainer from
/// <c>setup.Options</c>: they carry the search's callback (per-epoch validation loss, pruning, time budget), the seed
/// (the search's seed where the options set none) and the cancellation. Give the trainer its validation rows by
/// returning the trainer itself or a <see cref="DeepMlpEstimatorChain{TLastTransformer}"/> ending in it. Trials whose
/// training diverges are recorded as failed and the search goes on; an option value the trainer refuses stops the search
/// with the trial's values in the message.</para>
/// <para>Options that write files (checkpoints, TensorBoard, run records) and callbacks in the base options are shared by
/// every trial: leave them off in the space's base options and set them for the final fit. With
/// <see cref="SearchOptions.ParallelTrials"/> &gt; 1 the pipeline builder is called from several threads at once (each
/// with the caller's culture): it must not change shared state.</para>
/// <para>The refit gets the best trial's values with <c>NumberOfEpochs</c> set to the epoch the trial kept,
/// <c>EarlyStopping</c> and <c>ValidationFraction</c> null; a builder that sets them again undoes that. A learning-rate
/// schedule runs over the refit's epochs, so it anneals sooner than in the trial.</para>
/// </remarks>
public static class SearchCatalog
{
    /// <summary>Searches <paramref name="space"/> for the binary pipeline with the best validation metric.</summary>
    /// <param name="workflow">The workflow whose rows the trials use.</param>
    /// <param name="space">The options and pipeline choices to search.</param>
    /// <param name="pipeline">Builds a trial's pipeline from its setup; the DeepMlp trainer takes <c>setup.Options</c>.</param>
    /// <param name="options">Method, pruning, budget, metric (default log-loss), seed, progress; null for the defaults.</param>
    /// <exception cref="ArgumentException">An option is invalid, the space is empty, or a trial's values are refused by the trainer.</exception>
    /// <exception cref="InvalidOperationException">No trial was scored, the pipeline did not use the trial's options, or the test rows were already scored.</exception>
    /// <exception cref="OperationCanceledException">The search was cancelled.</exception>
    public static SearchResult<BinaryMetricsReport> SearchHyperparameters<TOptions>(this BinaryTestOnceWorkflow workflow, SearchSpace<TOptions> space,
        Func<SearchTrialSetup<TOptions>, IEstimator<ITransformer>> pipeline, SearchOptions? options = null)
        where TOptions : DeepMlpOptionsBase, new()
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var task = new SearchTask<BinaryMetricsReport>(workflow, m => workflow.EvaluateValidation(m),
            (final, best) => workflow.EvaluateTestOnce(final, thresholdModel: best), MetricNames.LogLoss,
            [MetricNames.LogLoss, MetricNames.Auc, MetricNames.Auprc, MetricNames.Accuracy, MetricNames.BalancedAccuracy, MetricNames.F1, MetricNames.Precision, MetricNames.Recall]);
        return HyperparameterSearch.Run(task, space, pipeline, options);
    }

    /// <summary>Searches <paramref name="space"/> for the multiclass pipeline with the best validation metric.</summary>
    /// <param name="workflow">The workflow whose rows the trials use.</param>
    /// <param name="space">The options and pipeline choices to search.</param>
    /// <param name="pipeline">Builds a trial's pipeline from its setup; the DeepMlp trainer takes <c>setup.Options</c>.</param>
    /// <param name="options">Method, pruning, budget, metric (default log-loss), seed, progress; null for the defaults.</param>
    /// <exception cref="ArgumentException">An option is invalid, the space is empty, or a trial's values are refused by the trainer.</exception>
    /// <exception cref="InvalidOperationException">No trial was scored, the pipeline did not use the trial's options, or the test rows were already scored.</exception>
    /// <exception cref="OperationCanceledException">The search was cancelled.</exception>
    public static SearchResult<MulticlassMetricsReport> SearchHyperparameters<TOptions>(this MulticlassTestOnceWorkflow workflow, SearchSpace<TOptions> space,
        Func<SearchTrialSetup<TOptions>, IEstimator<ITransformer>> pipeline, SearchOptions? options = null)
        where TOptions : DeepMlpOptionsBase, new()
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var task = new SearchTask<MulticlassMetricsReport>(workflow, m => workflow.EvaluateValidation(m),
            (final, _) => workflow.EvaluateTestOnce(final), MetricNames.LogLoss,
            [MetricNames.LogLoss, MetricNames.MicroAccuracy, MetricNames.MacroAccuracy, MetricNames.MacroF1]);
        return HyperparameterSearch.Run(task, space, pipeline, options);
    }

    /// <summary>Searches <paramref name="space"/> for the regression pipeline with the best validation metric.</summary>
    /// <param name="workflow">The workflow whose rows the trials use.</param>
    /// <param name="space">The options and pipeline choices to search.</param>
    /// <param name="pipeline">Builds a trial's pipeline from its setup; the DeepMlp trainer takes <c>setup.Options</c>.</param>
    /// <param name="options">Method, pruning, budget, metric (default RMSE), seed, progress; null for the defaults.</param>
    /// <exception cref="ArgumentException">An option is invalid, the space is empty, or a trial's values are refused by the trainer.</exception>
    /// <exception cref="InvalidOperationException">No trial was scored, the pipeline did not use the trial's options, or the test rows were already scored.</exception>
    /// <exception cref="OperationCanceledException">The search was cancelled.</exception>
    public static SearchResult<RegressionMetricsReport> SearchHyperparameters<TOptions>(this RegressionTestOnceWorkflow workflow, SearchSpace<TOptions> space,
        Func<SearchTrialSetup<TOptions>, IEstimator<ITransformer>> pipeline, SearchOptions? options = null)
        where TOptions : DeepMlpOptionsBase, new()
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var task = new SearchTask<RegressionMetricsReport>(workflow, m => workflow.EvaluateValidation(m),
            (final, _) => workflow.EvaluateTestOnce(final), MetricNames.Rmse,
            [MetricNames.Rmse, MetricNames.Mae, MetricNames.RSquared, MetricNames.Mape]);
        return HyperparameterSearch.Run(task, space, pipeline, options);
    }
}
