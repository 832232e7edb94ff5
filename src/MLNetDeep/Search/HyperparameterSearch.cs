using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using MLNetDeep.Search;
using Microsoft.ML;
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
        ArgumentNullException.ThrowIfNull(pipeline);
        var plan = SearchPlan.Create(task, space, searchOptions);
        var options = plan.Options;
        DateTime? deadline = options.MaxTime is { } time ? DateTime.UtcNow + time : null;
        var log = new SearchLog(task.Workflow.Catalog, options.Progress, plan.Limit == int.MaxValue ? null : plan.Limit, deadline, options.ParallelTrials);
        log.Info($"Searching {string.Join(", ", plan.Parameters.Select(p => p.Name))} with {options.Method}, pruning {options.Pruning}, seed {plan.Seed}, "
            + $"metric {plan.Metric} ({(plan.HigherIsBetter ? "higher" : "lower")} is better).");
        var runner = new SearchTrialRunner<TOptions, TReport>(space, pipeline, task, plan.Metric, plan.Seed, options.PruningMonitor, options.CancellationToken);

        var clock = Stopwatch.StartNew();
        var trials = new List<SearchTrial>();
        var finished = new List<FinishedTrial>();
        var curves = new Dictionary<int, IReadOnlyList<double>>();
        SearchTrialRunner<TOptions, TReport>.Outcome? best = null;
        ITransformer? final = null;
        try
        {
            var stopReason = plan.ReasonAtLimit;
            while (trials.Count < plan.Limit)
            {
                options.CancellationToken.ThrowIfCancellationRequested();
                if (deadline is { } end && DateTime.UtcNow >= end)
                {
                    stopReason = SearchStopReason.TimeBudget;
                    break;
                }
                int first = trials.Count, round = Math.Min(options.ParallelTrials, plan.Limit - first);
                var known = finished.ToArray();
                var others = new Dictionary<int, IReadOnlyList<double>>(curves);
                var (outcomes, errors) = RunRound(round, i =>
                {
                    int number = first + i;
                    // Hyperband's pruner compares only within the trial's bracket itself; the bracket goes into the trial's record.
                    return runner.Run(number, plan.Sampler.Propose(number, known), plan.Pruner, plan.Hyperband?.BracketOf(number), others, deadline, log);
                });
                if (errors.FirstOrDefault(e => e is not null) is { } error)
                {
                    foreach (var outcome in outcomes)
                        SearchModels.Release(outcome?.Model);
                    foreach (var other in errors.Where(e => e is not null && e != error))
                        log.Info($"Another trial of the round failed too: {other!.GetType().Name}: {other.Message}");
                    ExceptionDispatchInfo.Capture(error).Throw();
                }
                // The round's bookkeeping (and model releases) first; then the reports, which run the user's progress callback.
                var ended = new List<(SearchTrialRunner<TOptions, TReport>.Outcome Outcome, SearchTrial? Best)>();
                foreach (var outcome in outcomes)
                {
                    trials.Add(outcome!.Trial);
                    finished.Add(outcome.Finished);
                    curves[outcome.Trial.Number] = outcome.Curve;
                    if (outcome.Trial.Objective is { } value && (best?.Trial.Objective is not { } b || (plan.HigherIsBetter ? value > b : value < b)))
                    {
                        SearchModels.Release(best?.Model);
                        best = outcome;
                    }
                    else
                    {
                        SearchModels.Release(outcome.Model);
                    }
                    ended.Add((outcome, best?.Trial));
                }
                foreach (var (outcome, bestSoFar) in ended)
                    log.TrialEnded(outcome.Trial, outcome.EpochLimit, bestSoFar?.Objective, bestSoFar?.Number, plan.Metric);
            }
            var searchTime = clock.Elapsed;
            if (best is null)
            {
                throw new InvalidOperationException($"None of the {trials.Count} trials was scored ({string.Join(", ", trials.GroupBy(t => t.State).Select(g => $"{g.Count()} {g.Key}"))}): "
                    + "widen the budget (MaxTrials, MaxTime), lower the learning-rate range if trials diverged, or turn pruning off.");
            }
            log.Info($"Best: trial {best.Trial.Number}, {plan.Metric} {best.Trial.Objective:G5} on the validation rows; {trials.Count} trials in {searchTime.TotalSeconds:F1} s ({stopReason}).");
            task.Workflow.RecordLeakage(best.Model!);

            TReport? test = null;
            var refitClock = Stopwatch.StartNew();
            if (options.RefitAndEvaluateTest)
            {
                final = Refit(runner, pipeline, best.Trial, task.Workflow.TrainingAndValidationData);
                test = task.EvaluateTestOnce(final, best.Model!);
                log.Info($"Refit on training + validation rows for {Math.Max(1, best.Trial.SelectedEpoch)} epochs; test {plan.Metric} {test[plan.Metric].Value:G5} (scored once).");
            }
            return new SearchResult<TReport>(plan.Parameters, trials, best.Trial, plan.Metric, plan.HigherIsBetter, best.Model!, best.Report!, final, test, stopReason,
                searchTime, options.RefitAndEvaluateTest ? refitClock.Elapsed : TimeSpan.Zero, plan.Seed);
        }
        catch
        {
            SearchModels.Release(best?.Model);
            SearchModels.Release(final);
            throw;
        }
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

    /// <summary>
    /// Runs <paramref name="count"/> trials, on this thread for one, else one thread each with its share of libtorch's
    /// threads; returns the outcomes by index and the errors (null where a trial succeeded). libtorch keeps the last
    /// thread count set as the default for threads that start later, so the caller's count is set back afterwards.
    /// </summary>
    private static (T?[] Results, Exception?[] Errors) RunRound<T>(int count, Func<int, T> trial)
        where T : class
    {
        var results = new T?[count];
        var errors = new Exception?[count];
        if (count == 1)
        {
            results[0] = trial(0);
            return (results, errors);
        }
        int saved = get_num_threads();
        int threadsEach = Math.Max(1, saved / count);
        var culture = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        var threads = Enumerable.Range(0, count).Select(i => new Thread(() =>
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = culture;
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
        try
        {
            foreach (var thread in threads)
                thread.Start();
            foreach (var thread in threads)
                thread.Join();
        }
        finally
        {
            set_num_threads(saved);
        }
        return (results, errors);
    }
}
