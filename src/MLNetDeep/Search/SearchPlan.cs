using MLNetDeep.Search;

namespace MLNetDeep;

/// <summary>What a search settles before its first trial: the validated options, seed, metric, sampler, pruner and trial limit.</summary>
internal sealed record SearchPlan(
    SearchOptions Options,
    SearchParameter[] Parameters,
    int Seed,
    string Metric,
    bool HigherIsBetter,
    ISearchSampler Sampler,
    ITrialPruner? Pruner,
    HyperbandPruner? Hyperband,
    int Limit)
{
    /// <summary>Validates everything that can be checked before training and builds the plan.</summary>
    public static SearchPlan Create<TOptions, TReport>(SearchTask<TReport> task, SearchSpace<TOptions> space, SearchOptions? searchOptions)
        where TOptions : DeepMlpOptionsBase, new()
        where TReport : MetricsReport
    {
        ArgumentNullException.ThrowIfNull(space);
        var options = (searchOptions ?? new SearchOptions()).Clone();
        options.Validate();
        if (space.Parameters.Count == 0)
            throw new ArgumentException("The search space is empty: add options or pipeline choices to search (for example .LogUniform(o => o.LearningRate, 1e-4, 1e-2)).", nameof(space));
        string metric = options.Metric ?? task.DefaultMetric;
        if (!task.Metrics.Contains(metric))
        {
            throw new ArgumentException($"SearchOptions.Metric is '{metric}', which the validation report does not have. "
                + $"Use one of: {string.Join(", ", task.Metrics)} (the MetricNames constants).", nameof(searchOptions));
        }
        if (options.RefitAndEvaluateTest && task.Workflow.TestScoredBy is { } scored)
        {
            throw new InvalidOperationException($"The test rows of this workflow were already scored, {scored}, so the search could not score its refit on them. "
                + "Set SearchOptions.RefitAndEvaluateTest = false to search on this workflow anyway (the validation rows still choose), or search on a new workflow over fresh data.");
        }

        var parameters = space.Parameters.ToArray();
        int seed = options.Seed ?? task.Workflow.Seed;
        var domains = parameters.Select(p => p.Domain).ToArray();
        ISearchSampler sampler = options.Method switch
        {
            SearchMethod.Grid => new GridSampler(domains, options.GridPointsPerRange, seed),
            SearchMethod.Random => new RandomSampler(domains, seed),
            _ => new TpeSampler(domains, seed, options.StartupTrials),
        };
        int maxEpochs = Math.Max(space.BaseOptions.NumberOfEpochs, parameters.Where(p => p.OptionName == nameof(DeepMlpOptionsBase.NumberOfEpochs))
            .Select(p => p.Kind == SearchParameterKind.Choice ? p.Choices.OfType<int>().DefaultIfEmpty(0).Max() : (int)p.Maximum).DefaultIfEmpty(0).Max());
        var hyperband = options.Pruning == SearchPruning.Hyperband
            ? new HyperbandPruner(options.MinEpochsBeforePruning, Math.Max(maxEpochs, options.MinEpochsBeforePruning), options.ReductionFactor, seed) : null;
        ITrialPruner? pruner = options.Pruning == SearchPruning.SuccessiveHalving
            ? new SuccessiveHalvingPruner(options.MinEpochsBeforePruning, options.ReductionFactor) : hyperband;
        int limit = Math.Min(options.MaxTrials ?? int.MaxValue, sampler.Capacity ?? int.MaxValue);
        return new SearchPlan(options, parameters, seed, metric, SearchTask<TReport>.HigherIsBetter(metric), sampler, pruner, hyperband, limit);
    }

    /// <summary>Why the search ends when every trial allowed has run: the grid ran out, or the trial budget was reached.</summary>
    public SearchStopReason ReasonAtLimit => Limit == Sampler.Capacity && Limit < (Options.MaxTrials ?? int.MaxValue)
        ? SearchStopReason.GridExhausted : SearchStopReason.TrialBudget;
}
