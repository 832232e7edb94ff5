using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Microsoft.ML;
using MLNetDeep.Search;
using static TorchSharp.torch;

namespace MLNetDeep;

/// <summary>
/// The search loop: proposes trials a round at a time (one round is <see cref="SearchOptions.ParallelTrials"/> trials,
/// proposed from the trials of earlier rounds only), runs each round, keeps the best trial, then refits it on training +
/// validation rows and scores the test rows once.
/// </summary>
internal static class HyperparameterSearch
{
    public static SearchResult<TReport> Run<TOptions, TReport>(SearchTask<TReport> task, SearchSpace<TOptions> space,
        Func<SearchTrialSetup<TOptions>, IEstimator<ITransformer>> pipeline, SearchOptions? searchOptions)
        where TOptions : DeepMlpOptionsBase, new()
        where TReport : MetricsReport
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(pipeline);
        var options = (searchOptions ?? new SearchOptions()).Clone();
        options.Validate();
        if (space.Parameters.Count == 0)
            throw new ArgumentException("The search space is empty: add options or pipeline choices to search (for example .LogUniform(o => o.LearningRate, 1e-4, 1e-2)).", nameof(space));
        var parameters = space.Parameters.ToArray();
        int seed = options.Seed ?? task.Workflow.Seed;
        string metric = options.Metric ?? task.DefaultMetric;
        bool higher = SearchTask<TReport>.HigherIsBetter(metric);
        var domains = parameters.Select(p => p.Domain).ToArray();
        ISearchSampler sampler = options.Method switch
        {
            SearchMethod.Grid => new GridSampler(domains, options.GridPointsPerRange, seed),
            SearchMethod.Random => new RandomSampler(domains, seed),
            _ => new TpeSampler(domains, seed, options.StartupTrials),
        };
        int maxEpochs = Math.Max(space.BaseOptions.NumberOfEpochs, (int)parameters.Where(p => p.OptionName == nameof(DeepMlpOptionsBase.NumberOfEpochs))
            .Select(p => p.Kind == SearchParameterKind.Choice ? p.Choices.OfType<int>().DefaultIfEmpty(0).Max() : p.Maximum).DefaultIfEmpty(0).Max());
        var hyperband = options.Pruning == SearchPruning.Hyperband
            ? new HyperbandPruner(options.MinEpochsBeforePruning, Math.Max(maxEpochs, options.MinEpochsBeforePruning), options.ReductionFactor, seed) : null;
        ITrialPruner? pruner = options.Pruning == SearchPruning.SuccessiveHalving
            ? new SuccessiveHalvingPruner(options.MinEpochsBeforePruning, options.ReductionFactor) : hyperband;

        int limit = Math.Min(options.MaxTrials ?? int.MaxValue, sampler.Capacity ?? int.MaxValue);
        DateTime? deadline = options.MaxTime is { } time ? DateTime.UtcNow + time : null;
        var log = new SearchLog(task.Workflow.Catalog, options.Progress, limit == int.MaxValue ? null : limit, deadline, options.ParallelTrials);
        log.Info($"Searching {string.Join(", ", parameters.Select(p => p.Name))} with {options.Method}, pruning {options.Pruning}, seed {seed}, metric {metric} ({(higher ? "higher" : "lower")} is better).");
        var runner = new SearchTrialRunner<TOptions, TReport>(space, pipeline, task, metric, seed, options.CancellationToken);

        var clock = Stopwatch.StartNew();
        var trials = new List<SearchTrial>();
        var finished = new List<FinishedTrial>();
        var curves = new Dictionary<int, IReadOnlyList<double>>();
        SearchTrialRunner<TOptions, TReport>.Outcome? best = null;
        var stopReason = limit == sampler.Capacity && limit < (options.MaxTrials ?? int.MaxValue) ? SearchStopReason.GridExhausted : SearchStopReason.TrialBudget;
        while (trials.Count < limit)
        {
            options.CancellationToken.ThrowIfCancellationRequested();
            if (deadline is { } end && DateTime.UtcNow >= end)
            {
                stopReason = SearchStopReason.TimeBudget;
                break;
            }
            int first = trials.Count, round = Math.Min(options.ParallelTrials, limit - first);
            var known = finished.ToArray();
            var others = new Dictionary<int, IReadOnlyList<double>>(curves);
            var outcomes = RunRound(round, i =>
            {
                int number = first + i;
                int? bracket = hyperband?.BracketOf(number);
                var sameBracket = bracket is null ? others : others.Where(o => hyperband!.BracketOf(o.Key) == bracket).ToDictionary();
                return runner.Run(number, sampler.Propose(number, known), pruner, bracket, sameBracket, deadline, log);
            });
            foreach (var outcome in outcomes)
            {
                trials.Add(outcome.Trial);
                finished.Add(outcome.Finished);
                curves[outcome.Trial.Number] = outcome.Trial.ValidationLosses;
                if (outcome.Trial.Objective is { } value && (best?.Trial.Objective is not { } b || (higher ? value > b : value < b)))
                {
                    SearchModels.Release(best?.Model);
                    best = outcome;
                }
                else if (!ReferenceEquals(outcome, best))
                {
                    SearchModels.Release(outcome.Model);
                }
                log.TrialEnded(outcome.Trial, best?.Trial.Objective, best?.Trial.Number, metric);
            }
        }
        var searchTime = clock.Elapsed;
        if (best is null)
        {
            throw new InvalidOperationException($"None of the {trials.Count} trials was scored ({string.Join(", ", trials.GroupBy(t => t.State).Select(g => $"{g.Count()} {g.Key}"))}): "
                + "widen the budget (MaxTrials, MaxTime), lower the learning-rate range if trials diverged, or turn pruning off.");
        }
        log.Info($"Best: trial {best.Trial.Number}, {metric} {best.Trial.Objective:G5} on the validation rows; {trials.Count} trials in {searchTime.TotalSeconds:F1} s ({stopReason}).");
        task.Workflow.RecordLeakage(best.Model!);

        ITransformer? final = null;
        TReport? test = null;
        var refitClock = Stopwatch.StartNew();
        if (options.RefitAndEvaluateTest)
        {
            final = Refit(runner, pipeline, best.Trial, task.Workflow.TrainingAndValidationData);
            test = task.EvaluateTestOnce(final, best.Model!);
            log.Info($"Refit on training + validation rows for {Math.Max(1, best.Trial.SelectedEpoch)} epochs; test {metric} {test[metric].Value:G5} (scored once).");
        }
        return new SearchResult<TReport>(parameters, trials, best.Trial, metric, higher, best.Model!, best.Report!, final, test, stopReason,
            searchTime, options.RefitAndEvaluateTest ? refitClock.Elapsed : TimeSpan.Zero, seed);
    }

    /// <summary>The best trial's pipeline fitted on all rows but the test rows, for the epochs the trial kept and without early stopping.</summary>
    private static ITransformer Refit<TOptions, TReport>(SearchTrialRunner<TOptions, TReport> runner, Func<SearchTrialSetup<TOptions>, IEstimator<ITransformer>> pipeline,
        SearchTrial best, IDataView data)
        where TOptions : DeepMlpOptionsBase, new()
        where TReport : MetricsReport
    {
        var setup = runner.Setup(-1, best.Parameters);
        setup.Options.NumberOfEpochs = Math.Max(1, best.SelectedEpoch);
        setup.Options.EarlyStopping = null;
        setup.Options.ValidationFraction = null;
        return pipeline(setup).Fit(data);
    }

    /// <summary>Runs <paramref name="count"/> trials, on this thread for one, else one thread each with its share of libtorch's threads; results by index.</summary>
    private static T[] RunRound<T>(int count, Func<int, T> trial)
    {
        if (count == 1)
            return [trial(0)];
        var results = new T[count];
        var errors = new Exception?[count];
        int threadsEach = Math.Max(1, Environment.ProcessorCount / count);
        var threads = Enumerable.Range(0, count).Select(i => new Thread(() =>
        {
            try
            {
                set_num_threads(threadsEach);
                results[i] = trial(i);
            }
            catch (Exception e)
            {
                errors[i] = e;
            }
        })).ToArray();
        foreach (var thread in threads)
            thread.Start();
        foreach (var thread in threads)
            thread.Join();
        if (errors.FirstOrDefault(e => e is not null) is { } error)
            ExceptionDispatchInfo.Capture(error).Throw();
        return results;
    }
}
