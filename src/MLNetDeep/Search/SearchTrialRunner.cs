using System.Diagnostics;
using Microsoft.ML;
using MLNetDeep.Search;

namespace MLNetDeep;

/// <summary>Runs one trial: builds its options and pipeline, fits on the training rows with validation, scores the validation rows.</summary>
/// <typeparam name="TOptions">The trainer's options type.</typeparam>
/// <typeparam name="TReport">The task's metrics report.</typeparam>
internal sealed class SearchTrialRunner<TOptions, TReport>(
    SearchSpace<TOptions> space,
    Func<SearchTrialSetup<TOptions>, IEstimator<ITransformer>> pipeline,
    SearchTask<TReport> task,
    string metric,
    int seed,
    EarlyStoppingMonitor pruningMonitor,
    CancellationToken cancellation)
    where TOptions : DeepMlpOptionsBase, new()
    where TReport : MetricsReport
{
    /// <summary>The outcome of a trial: its record, and its model and validation report when it was scored.</summary>
    public sealed record Outcome(SearchTrial Trial, ITransformer? Model, TReport? Report, FinishedTrial Finished, IReadOnlyList<double> Curve, int EpochLimit);

    /// <summary>Builds the setup of a trial (or of the refit, number -1) from the decoded values.</summary>
    public SearchTrialSetup<TOptions> Setup(int number, IReadOnlyDictionary<string, object?> values)
    {
        var options = space.BaseOptions;
        foreach (var parameter in space.Parameters)
            parameter.Apply(options, values[parameter.Name]);
        options.Seed ??= seed;
        options.CancellationToken = cancellation;
        return new SearchTrialSetup<TOptions>(number, options, values);
    }

    /// <summary>The values of <paramref name="encoded"/> by parameter name.</summary>
    public IReadOnlyDictionary<string, object?> Decode(double[] encoded)
    {
        var values = new Dictionary<string, object?>();
        for (int i = 0; i < space.Parameters.Count; i++)
            values[space.Parameters[i].Name] = space.Parameters[i].Decode(encoded[i]);
        return values;
    }

    /// <summary>Runs trial <paramref name="number"/> with the values <paramref name="encoded"/>.</summary>
    public Outcome Run(int number, double[] encoded, ITrialPruner? pruner, int? bracket, IReadOnlyDictionary<int, IReadOnlyList<double>> others,
        DateTime? deadline, SearchLog log)
    {
        var values = Decode(encoded);
        var setup = Setup(number, values);
        if (pruner is not null && setup.Options.EnsembleSize > 1)
            throw new ArgumentException($"Trial {number} trains an ensemble (EnsembleSize {setup.Options.EnsembleSize}), which pruning cannot follow: set SearchOptions.Pruning to None, or search single networks and set EnsembleSize for the final fit.");
        var watch = new TrialWatch(number, pruner, pruningMonitor, others, deadline, log.Epoch);
        setup.Options.Callbacks.Add(watch);
        var clock = Stopwatch.StartNew();
        ITransformer? model = null;
        string? message = null;
        try
        {
            var estimator = pipeline(setup);
            if (TestOnce.WorkflowSupport.LastEstimatorOf(estimator) is IValidatingTrainer)
            {
                throw new InvalidOperationException($"The pipeline of trial {number} is an ML.NET EstimatorChain ending in a DeepMlp trainer, which cannot be given the workflow's validation rows "
                    + "(early stopping and pruning would watch a split of the training rows instead). Build it with new DeepMlpEstimatorChain<ITransformer>().Append(...) instead of mlContext.Transforms...Append(DeepMlp(...)).");
            }
            model = task.Workflow.FitWithValidation(estimator);
        }
        catch (TrainingDivergedException e)
        {
            message = e.Message;
        }
        catch (ArgumentException e) when (!watch.SawEpochs)
        {
            throw new ArgumentException($"Trial {number} ({Describe(values)}) could not be built or fitted: {e.Message}", e);
        }
        if (message is null && !watch.SawEpochs)
        {
            SearchModels.Release(model);
            throw new InvalidOperationException($"The pipeline of trial {number} did not train a DeepMlp trainer built from the trial's options "
                + "(setup.Options): build the trainer with mlContext.<Task>.Trainers.DeepMlp(setup.Options) so the search can follow and prune it.");
        }

        TReport? report = default;
        double? objective = null;
        var state = message is not null ? SearchTrialState.Failed
            : watch.PrunedAtEpoch is not null ? SearchTrialState.Pruned
            : watch.StoppedByTimeBudget ? SearchTrialState.StoppedByTimeBudget
            : SearchTrialState.Completed;
        if (model is not null && state != SearchTrialState.Pruned)
        {
            try
            {
                report = task.EvaluateValidation(model);
            }
            catch
            {
                SearchModels.Release(model);
                throw;
            }
            objective = report[metric].Value;
            if (double.IsNaN(objective.Value))
                (state, objective, message) = (SearchTrialState.Failed, null, $"The validation {metric} is NaN.");
        }
        if (state == SearchTrialState.Pruned && model is not null)
            SearchModels.Release(model);

        var trial = new SearchTrial(number, values, state, objective, [.. watch.Losses], [.. watch.Metrics], watch.SelectedEpoch, clock.Elapsed, bracket,
            message ?? (state == SearchTrialState.Pruned ? $"Pruned after epoch {watch.PrunedAtEpoch}." : null));
        bool higher = SearchTask<TReport>.HigherIsBetter(metric);
        double? loss = objective is { } o ? (higher ? -o : o) : null;
        double? bestIntermediate = watch.Curve.Where(double.IsFinite).Select(l => (double?)l).Min();
        var finished = new FinishedTrial(number, encoded, loss, watch.PrunedAtEpoch, bestIntermediate);
        return new Outcome(trial, state == SearchTrialState.Pruned ? null : model, report, finished, [.. watch.Curve], watch.EpochLimit);
    }

    private static string Describe(IReadOnlyDictionary<string, object?> values) =>
        string.Join(", ", values.Select(p => $"{p.Key}={SearchParameter.Format(p.Value)}"));
}
