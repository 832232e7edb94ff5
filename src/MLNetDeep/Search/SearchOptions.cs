namespace MLNetDeep;

/// <summary>How a hyperparameter search proposes trials, when it stops them early and when it ends.</summary>
public sealed class SearchOptions
{
    /// <summary>How trials are proposed. Default <see cref="SearchMethod.Tpe"/>.</summary>
    public SearchMethod Method { get; set; } = SearchMethod.Tpe;

    /// <summary>How weak trials are stopped early by their per-epoch validation curve. Default <see cref="SearchPruning.SuccessiveHalving"/>.</summary>
    public SearchPruning Pruning { get; set; } = SearchPruning.SuccessiveHalving;

    /// <summary>
    /// The per-epoch value pruning compares: the validation loss (smooth, the default), or the training loop's validation
    /// metric (accuracy for binary, micro-accuracy for multiclass, R² for regression; coarser on small validation sets).
    /// </summary>
    public EarlyStoppingMonitor PruningMonitor { get; set; } = EarlyStoppingMonitor.ValidationLoss;

    /// <summary>
    /// The most trials to run, ≥ 1, or null for no limit (then <see cref="MaxTime"/> must be set). Default 20. A grid ends
    /// sooner when all its points have run.
    /// </summary>
    public int? MaxTrials { get; set; } = 20;

    /// <summary>
    /// The wall time the trials may take, or null for no limit. No trial starts after it; a running trial stops at the
    /// end of its current batch (its model, as far as it got, is kept and flagged in the trial table). The refit on
    /// training + validation rows and the test score come after and are not counted. Default null.
    /// </summary>
    public TimeSpan? MaxTime { get; set; }

    /// <summary>
    /// The seed of the proposals (and of each trial's options whose <see cref="DeepMlpOptionsBase.Seed"/> is null). Default
    /// null: the workflow's seed. With a trial budget the same seed gives the same trials and the same result.
    /// </summary>
    public int? Seed { get; set; }

    /// <summary>
    /// The metric of the validation report that picks the best trial (a <see cref="MetricNames"/> value). Binary: log-loss,
    /// AUC, AUPRC, accuracy, balanced accuracy, F1, precision or recall (not the threshold-tuned ones); multiclass:
    /// log-loss, micro- or macro-accuracy, macro F1; regression: RMSE, MAE, R² or MAPE. Default null: log-loss for
    /// classification, RMSE for regression. Lower is better for log-loss, RMSE, MAE and MAPE, higher for the others.
    /// Another name is refused before the first trial.
    /// </summary>
    public string? Metric { get; set; }

    /// <summary>
    /// Trials that run at once, ≥ 1. Proposals are made a round of this many trials at a time from the trials of earlier
    /// rounds, and pruning compares with earlier rounds only, so results do not depend on which trial ends first. Each
    /// trial then sets libtorch's thread count to its share of the caller's (restored after the round). Default 1.
    /// </summary>
    public int ParallelTrials { get; set; } = 1;

    /// <summary>Random (and TPE's) trials drawn before TPE starts to model the results, ≥ 1. Default 10.</summary>
    public int StartupTrials { get; set; } = 10;

    /// <summary>Points per range in a grid, evenly spaced (on the log scale for log ranges) with both bounds, ≥ 2. Default 3.</summary>
    public int GridPointsPerRange { get; set; } = 3;

    /// <summary>Epochs every trial runs before pruning may stop it (the first rung), ≥ 1. Default 2.</summary>
    public int MinEpochsBeforePruning { get; set; } = 2;

    /// <summary>The pruners' reduction factor η, ≥ 2: about 1/η of the trials reaching a rung go on to the next. Default 3.</summary>
    public int ReductionFactor { get; set; } = 3;

    /// <summary>
    /// After the search, refit the best trial's pipeline on the training + validation rows (for the epochs the best trial
    /// kept, without early stopping) and score the test rows once with it. Default true. False leaves the workflow's test
    /// rows unscored (score them later with <c>EvaluateTestOnce</c>).
    /// </summary>
    public bool RefitAndEvaluateTest { get; set; } = true;

    /// <summary>Reports after every trial's epochs and at every trial's end. Default null.</summary>
    public IProgress<SearchProgress>? Progress { get; set; }

    /// <summary>Cancels the search (the running trials stop and <see cref="OperationCanceledException"/> is thrown). Default none.</summary>
    public CancellationToken CancellationToken { get; set; }

    internal SearchOptions Clone() => (SearchOptions)MemberwiseClone();

    internal void Validate()
    {
        var errors = new OptionErrors("Invalid search options:");
        errors.Check(Enum.IsDefined(Method), nameof(Method), Method, "must be Grid, Random or Tpe");
        errors.Check(Enum.IsDefined(Pruning), nameof(Pruning), Pruning, "must be None, SuccessiveHalving or Hyperband");
        errors.Check(Enum.IsDefined(PruningMonitor), nameof(PruningMonitor), PruningMonitor, "must be ValidationLoss or ValidationMetric");
        errors.Check(MaxTrials is null or >= 1, nameof(MaxTrials), MaxTrials, "must be null or at least 1");
        errors.Check(MaxTime is null || MaxTime > TimeSpan.Zero, nameof(MaxTime), MaxTime, "must be null or positive");
        errors.Check(MaxTrials is not null || MaxTime is not null || Method == SearchMethod.Grid, nameof(MaxTrials), MaxTrials,
            "must be set when MaxTime is null (a random or TPE search needs a budget)");
        errors.Check(Metric is null || Metric.Trim().Length > 0, nameof(Metric), Metric, "must be null or a metric name (see MetricNames)");
        errors.Check(ParallelTrials >= 1, nameof(ParallelTrials), ParallelTrials, "must be at least 1");
        errors.Check(StartupTrials >= 1, nameof(StartupTrials), StartupTrials, "must be at least 1");
        errors.Check(GridPointsPerRange >= 2, nameof(GridPointsPerRange), GridPointsPerRange, "must be at least 2");
        errors.Check(MinEpochsBeforePruning >= 1, nameof(MinEpochsBeforePruning), MinEpochsBeforePruning, "must be at least 1");
        errors.Check(ReductionFactor >= 2, nameof(ReductionFactor), ReductionFactor, "must be at least 2");
        errors.ThrowIfAny();
    }
}

/// <summary>How a search proposes trials.</summary>
public enum SearchMethod
{
    /// <summary>Every combination of the choices and of <see cref="SearchOptions.GridPointsPerRange"/> points per range, in a seeded shuffled order.</summary>
    Grid,

    /// <summary>Independent draws from the space.</summary>
    Random,

    /// <summary>Tree-structured Parzen Estimator: after <see cref="SearchOptions.StartupTrials"/> random trials, draws where good trials were dense and poor ones sparse.</summary>
    Tpe,
}

/// <summary>How a search stops weak trials early.</summary>
public enum SearchPruning
{
    /// <summary>Every trial runs until its own end (epochs or early stopping).</summary>
    None,

    /// <summary>Asynchronous successive halving: at epochs m·η^k a trial goes on only if it is in the best 1/η of the trials that reached that epoch.</summary>
    SuccessiveHalving,

    /// <summary>Hyperband: trials spread over successive-halving brackets with different first rungs, each compared within its bracket.</summary>
    Hyperband,
}
