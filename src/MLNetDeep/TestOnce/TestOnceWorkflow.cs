using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLNetDeep.Interop;
using MLNetDeep.Leakage;
using MLNetDeep.TestOnce;

namespace MLNetDeep;

/// <summary>
/// Splits data once into training, validation and test rows (see <see cref="TestOnceOptions"/>; the algorithm is in the
/// remarks), fits on the training rows, lets every choice be made on the validation rows, and scores the test rows
/// exactly once. The test rows are not given out: the task's <c>EvaluateTestOnce</c> is the only way to score them, and
/// a second call (with any model) throws. The refusal is per workflow: it cannot stop another workflow over the same
/// data (which would not give a fresh estimate: its seed re-splits the rows, old test rows included). <see cref="Fit"/>
/// passes the test rows through the fitted model for the leakage checks; nothing of them flows back into the model.
/// Create one with <c>CreateTestOnceWorkflow</c> on a task catalog (<see cref="TestOnceCatalog"/>).
/// </summary>
/// <remarks>
/// The split is seeded and read from the label (or group) column only; the sets are lazy views of the input that keep
/// every column and annotation, in the input's row order (they cannot be shuffled), and find their rows again by
/// position on every read: the input must give its rows in the same order every time (cache it with
/// <c>mlContext.Data.Cache</c>; for trainers that want shuffled rows, <c>mlContext.Data.ShuffleRows</c> and cache it
/// first). Without a group column, classification rows are stratified: each label value's rows are shuffled, and the
/// totals round(N × TestFraction) and round(N × ValidationFraction) are shared out over the label values by largest
/// remainder (ties in a seeded order; every value keeps a training row; one too rare for some set gets a note);
/// regression rows are shuffled as one bucket. With a group column, whole groups in a seeded random order fill test,
/// then validation, then training (no stratification; a classification label value left without training rows, or a
/// validation or test set of a single label value, gets a note). The same data and seed give the same split. Fit runs
/// the leakage checks (<see cref="LeakageCatalog.CheckLeakage"/>) of training against validation and test rows, writes
/// each warning to <c>mlContext.Log</c> and keeps them in <see cref="Leakage"/>.
/// </remarks>
public abstract class TestOnceWorkflow
{
    private readonly object _gate = new();
    /// <summary>The catalog the workflow was created from (its MLContext logs).</summary>
    internal object Catalog { get; }
    private readonly TestOnceOptions _options;
    private readonly IDataView _test;
    private readonly List<string> _notes;
    private readonly int[] _validationRows;
    private readonly int[] _testRows;
    private string? _testScoredBy;

    private protected TestOnceWorkflow(object catalog, IDataView data, TestOnceOptions? options, bool stratify)
    {
        ArgumentNullException.ThrowIfNull(data);
        Catalog = catalog;
        _options = (options ?? new TestOnceOptions()).Clone();
        _options.Validate();
        ColumnValues.Find(data.Schema, _options.LabelColumnName, nameof(TestOnceOptions.LabelColumnName), "the data");
        (Seed, string seedSource) = WorkflowSupport.ResolveSeed(catalog, _options.Seed);

        string[]? groups = _options.GroupColumnName is { } g ? ColumnValues.ReadAsText(data, g, nameof(TestOnceOptions.GroupColumnName), "the data") : null;
        string[]? strata = stratify && groups is null ? ColumnValues.ReadAsText(data, _options.LabelColumnName, nameof(TestOnceOptions.LabelColumnName), "the data") : null;
        int rowCount = groups?.Length ?? strata?.Length ?? WorkflowSupport.CountRows(data);
        (var sets, var notes) = TestOnceSplit.Assign(rowCount, strata, groups, _options.ValidationFraction, _options.TestFraction, Seed);
        if (stratify && groups is not null)
        {
            var labels = ColumnValues.ReadAsText(data, _options.LabelColumnName, nameof(TestOnceOptions.LabelColumnName), "the data");
            notes.AddRange(TestOnceSplit.GroupedLabelNotes(sets, labels, _options.LabelColumnName));
        }

        TrainingData = new RowSubsetView(data, [.. sets.Select(s => s == SplitSet.Training)]);
        ValidationData = new RowSubsetView(data, [.. sets.Select(s => s == SplitSet.Validation)]);
        TrainingAndValidationData = new RowSubsetView(data, [.. sets.Select(s => s != SplitSet.Test)]);
        _test = new RowSubsetView(data, [.. sets.Select(s => s == SplitSet.Test)]);
        _validationRows = [.. Enumerable.Range(0, rowCount).Where(i => sets[i] == SplitSet.Validation)];
        _testRows = [.. Enumerable.Range(0, rowCount).Where(i => sets[i] == SplitSet.Test)];
        TrainingRowCount = sets.Count(s => s == SplitSet.Training);
        ValidationRowCount = sets.Count(s => s == SplitSet.Validation);
        TestRowCount = sets.Count(s => s == SplitSet.Test);
        string how = groups is not null ? $"grouped by '{_options.GroupColumnName}'" : strata is not null ? $"stratified by '{_options.LabelColumnName}'" : "shuffled";
        Split = string.Create(CultureInfo.InvariantCulture,
            $"Split {rowCount} rows ({how}, seed {Seed} from {seedSource}): {TrainingRowCount} training, {ValidationRowCount} validation, {TestRowCount} test rows.");
        _notes = notes;
        Log("Split", [Split], notes);
    }

    /// <summary>The rows to fit on.</summary>
    public IDataView TrainingData { get; }

    /// <summary>The rows for early stopping, tuning and comparing models, as often as needed.</summary>
    public IDataView ValidationData { get; }

    /// <summary>Training and validation rows together, in data order, for a final refit once every choice is made.</summary>
    public IDataView TrainingAndValidationData { get; }

    /// <summary>The split's seed.</summary>
    public int Seed { get; }

    /// <summary>Rows in each set.</summary>
    public int TrainingRowCount { get; }

    /// <summary>Rows in the validation set.</summary>
    public int ValidationRowCount { get; }

    /// <summary>Rows in the test set (scored once by <c>EvaluateTestOnce</c>).</summary>
    public int TestRowCount { get; }

    /// <summary>One line describing the split: how, the seed and its source, the row counts.</summary>
    public string Split { get; }

    /// <summary>
    /// Warnings about the split (for example a label value too rare to reach every set) and about fitting (for example
    /// an ML.NET chain whose DeepMlp trainer could not be given the validation rows).
    /// </summary>
    public IReadOnlyList<string> Notes
    {
        get
        {
            lock (_gate)
                return [.. _notes];
        }
    }

    /// <summary>The leakage checks of the latest <see cref="Fit"/>; null before the first.</summary>
    public LeakageReport? Leakage { get; private set; }

    /// <summary>When and with which model the test rows were scored; null while they have not been.</summary>
    public string? TestScoredBy
    {
        get
        {
            lock (_gate)
                return _testScoredBy;
        }
    }

    /// <summary>The label column the reports read.</summary>
    private protected string LabelColumnName => _options.LabelColumnName;

    /// <summary>
    /// Fits <paramref name="estimator"/> on <see cref="TrainingData"/>: a <see cref="DeepMlpEstimatorChain{TLastTransformer}"/>
    /// with a DeepMlp trainer, or a DeepMlp trainer, also gets <see cref="ValidationData"/> (early stopping, history); any
    /// other estimator (a FastTree pipeline, for example) sees only the training rows. An ML.NET
    /// <see cref="EstimatorChain{TLastTransformer}"/> ending in a DeepMlp trainer is fitted on the training rows alone and
    /// gets a note (in <see cref="Notes"/> and the log): build it as a <see cref="DeepMlpEstimatorChain{TLastTransformer}"/>
    /// to early-stop on the validation rows. Then runs the leakage checks on the features the
    /// trainer saw (the fitted model's <see cref="TestOnceOptions.FeatureColumnName"/> column) and on the group column,
    /// training against validation and test rows, and logs each warning (see <see cref="Leakage"/>).
    /// </summary>
    /// <param name="estimator">The pipeline to fit.</param>
    /// <returns>The fitted model.</returns>
    public ITransformer Fit(IEstimator<ITransformer> estimator)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        ITransformer model = FitWithValidation(estimator);
        if (WorkflowSupport.LastEstimatorOf(estimator) is IValidatingTrainer)
            AddNote("Fit", "The estimator is an ML.NET EstimatorChain ending in a DeepMlp trainer, which cannot be given the workflow's validation rows: "
                + "it was fitted on the training rows alone, without early stopping on them. To early-stop on the validation rows, build the pipeline with "
                + "new DeepMlpEstimatorChain<ITransformer>().Append(...) instead of mlContext.Transforms...Append(DeepMlp(...)).");
        RecordLeakage(model);
        return model;
    }

    /// <summary>Fits on <see cref="TrainingData"/>, giving a DeepMlp trainer or chain <see cref="ValidationData"/>; no checks, no notes.</summary>
    internal ITransformer FitWithValidation(IEstimator<ITransformer> estimator) => estimator switch
    {
        IValidatingChain { TrainerCount: > 0 } chain => chain.Fit(TrainingData, ValidationData),
        IValidatingTrainer trainer => trainer.Fit(TrainingData, ValidationData),
        _ => estimator.Fit(TrainingData),
    };

    /// <summary>Runs the leakage checks on <paramref name="model"/>, keeps them in <see cref="Leakage"/> and logs each warning.</summary>
    internal void RecordLeakage(ITransformer model) => LeakageCatalog.LogWarnings(Catalog, "TestOnce", Leakage = CheckLeakage(model));

    /// <summary>Adds <paramref name="note"/> to <see cref="Notes"/> (once) and logs it as a warning.</summary>
    private void AddNote(string channelName, string note)
    {
        lock (_gate)
        {
            if (_notes.Contains(note))
                return;
            _notes.Add(note);
        }
        Log(channelName, [], [note]);
    }

    /// <summary>Evaluates the test rows with <paramref name="evaluate"/> unless they were scored before; the first success claims them.</summary>
    private protected TReport ScoreTestOnce<TReport>(ITransformer model, Func<IDataView, TReport> evaluate)
    {
        ArgumentNullException.ThrowIfNull(model);
        lock (_gate)
        {
            if (_testScoredBy is { } first)
            {
                throw new InvalidOperationException($"The test rows of this workflow were already scored, {first}; a second test score (with any model) is refused. "
                    + "Test rows that guide a choice (which model, which settings, when to stop) no longer give an unbiased estimate of new data. "
                    + "Compare candidates with EvaluateValidation. A fresh test estimate needs fresh rows that the model never influenced (not used to fit, tune, choose or stop it); "
                    + "a new workflow over the same data with another seed is no fresh test: the old test rows land in its training and validation sets.");
            }
            var report = evaluate(_test);
            _testScoredBy = string.Create(CultureInfo.InvariantCulture, $"at {DateTime.UtcNow:u} by {WorkflowSupport.Describe(model)}");
            return report;
        }
    }

    private LeakageReport CheckLeakage(ITransformer model)
    {
        var findings = new List<LeakageFinding>();
        var checks = new List<string>();
        var notes = new List<string>();
        if (_options.FeatureColumnName is { } features)
        {
            // One held-out set that the model cannot score loses only its own duplicate-row check.
            var heldOut = new List<HeldOutSet>();
            foreach ((IDataView data, string name, int[] rows) in new[] { (ValidationData, "validation", _validationRows), (_test, "test", _testRows) })
            {
                try
                {
                    heldOut.Add(new HeldOutSet(model.Transform(data), name, rows));
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                {
                    notes.Add($"The duplicate-row check of the {name} rows did not run: the model cannot score them: {e.Message}");
                }
            }
            try
            {
                findings.AddRange(LeakageChecks.Features(model.Transform(TrainingData), heldOut, _options.LabelColumnName, features, notes));
                checks.Add($"{(heldOut.Count == 0 ? "training" : "training vs " + string.Join(" and ", heldOut.Select(h => h.Name)))}: duplicate rows and single-feature scores on the model's '{features}' and '{_options.LabelColumnName}'");
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                notes.Add($"The duplicate-row and single-feature checks did not run: {e.Message} (set TestOnceOptions.FeatureColumnName to the column the trainer reads, or to null to skip them).");
            }
        }
        if (_options.GroupColumnName is { } group)
        {
            findings.AddRange(LeakageChecks.GroupSpan(TrainingData, ValidationData, group, "validation"));
            findings.AddRange(LeakageChecks.GroupSpan(TrainingData, _test, group, "test"));
            checks.Add($"training vs validation and test: groups of '{group}'");
        }
        return new LeakageReport(findings, checks, notes);
    }

    private void Log(string channelName, IEnumerable<string> info, IEnumerable<string> warnings)
    {
        if (MLNetInternals.EnvironmentOf(Catalog, out _) is not { } environment)
            return;
        using IChannel channel = environment.Register("TestOnce").Start(channelName);
        foreach (string line in info)
            channel.Info(MessageSensitivity.None, "{0}", line);
        foreach (string line in warnings)
            channel.Warning(MessageSensitivity.None, "{0}", line);
    }
}
