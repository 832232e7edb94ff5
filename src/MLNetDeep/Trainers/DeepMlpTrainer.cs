using Microsoft.ML;
using Microsoft.ML.Trainers;
using MLNetDeep.Checkpoints;
using MLNetDeep.Data;
using MLNetDeep.Embeddings;
using MLNetDeep.Interop;
using MLNetDeep.Native;
using MLNetDeep.Records;
using MLNetDeep.Snapshots;
using MLNetDeep.Training;

namespace MLNetDeep;

/// <summary>
/// The estimator behind the DeepMlp trainers, generic over the task: checks the schema, reads the data view in
/// batches, trains the TorchSharp network (an ensemble of them with <see cref="DeepMlpOptionsBase.EnsembleSize"/>)
/// and returns a <see cref="DeepMlpTransformer{TTask}"/> that scores and saves as standard ML.NET parts. Like ML.NET's
/// trainers it is an <see cref="ITrainerEstimator{TTransformer, TModel}"/> with a <see cref="TrainerInfo"/>.
/// </summary>
/// <typeparam name="TTask">The task: <see cref="BinaryClassificationTask"/>, <see cref="MulticlassClassificationTask"/> or <see cref="RegressionTask"/>.</typeparam>
/// <typeparam name="TOptions">The trainer's options type.</typeparam>
public partial class DeepMlpTrainer<TTask, TOptions> : ITrainerEstimator<DeepMlpTransformer<TTask>, DeepMlpModel<TTask>>, IValidatingTrainer
    where TTask : PredictionTask
    where TOptions : DeepMlpOptionsBase
{
    private readonly TTask _task;
    private readonly TrainerEnvironment _environment;

    // One context for the scoring chains of every model this trainer fits and for its schema shapes; its temporary
    // folder (where a chain's ONNX file exists while it is read) is SpillDirectory.
    private readonly MLContext _mlContext = new();

    /// <summary>
    /// Creates the trainer from a validated deep copy of <paramref name="options"/>: later changes to them change nothing.
    /// Without an <see cref="MLContext"/> the seed, device and cancellation come from the options alone, and nothing is
    /// logged; the catalog methods (<c>mlContext.Regression.Trainers.DeepMlp(...)</c>) connect the trainer to the context.
    /// </summary>
    /// <param name="task">The task, as it is before training.</param>
    /// <param name="options">The options; every one is validated here.</param>
    /// <exception cref="ArgumentException">One or more options are invalid; the message lists each.</exception>
    public DeepMlpTrainer(TTask task, TOptions options)
        : this(task, options, TrainerEnvironment.None)
    {
    }

    internal DeepMlpTrainer(TTask task, TOptions options, TrainerEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var copy = (TOptions)options.Clone();
        OptionsValidator.Validate(copy);
        _task = task;
        _environment = environment;
        TrainerOptions = copy;
        if (copy.SpillDirectory is { } directory)
            _mlContext.TempFilePath = directory;
    }

    /// <summary>
    /// What the trainer needs and supports: no feature normalization (features are standardized inside the network),
    /// no caching by the caller (Fit caches the rows it reads), validation data (<see cref="Fit(IDataView, IDataView)"/>)
    /// and incremental training (warm start, <see cref="Fit(IDataView, DeepMlpTransformer{TTask}, IDataView)"/>).
    /// </summary>
    public TrainerInfo Info { get; } = MLNetInternals.CreateTrainerInfo(
        normalization: false, caching: false, supportValidation: true, supportIncrementalTraining: true);

    /// <summary>The trainer's own copy of the options (validated; never the caller's object).</summary>
    internal TOptions TrainerOptions { get; }

    /// <summary>Trains on <paramref name="input"/>.</summary>
    public DeepMlpTransformer<TTask> Fit(IDataView input) => FitCore(input, null, null);

    /// <summary>
    /// Continues training <paramref name="initialModel"/> (a model a DeepMlp trainer returned, with the same options'
    /// architecture) on <paramref name="trainingData"/>, as ML.NET's <c>Fit(trainData, modelParameters)</c> trainers do:
    /// the network starts from its weights (the input standardization is refitted without changing what it computes)
    /// and keeps its label scaling; the optimizer, schedule and callbacks start afresh. A model loaded from a zip
    /// cannot be continued (it holds the exported graph, not the trainable network).
    /// </summary>
    /// <param name="trainingData">The data to continue on, prepared like the initial model's.</param>
    /// <param name="initialModel">The model to continue.</param>
    /// <param name="validationData">Optional validation data, as in <see cref="Fit(IDataView, IDataView)"/>.</param>
    /// <exception cref="ArgumentException">The initial model does not fit the options or the data; the message says what differs.</exception>
    public DeepMlpTransformer<TTask> Fit(IDataView trainingData, DeepMlpTransformer<TTask> initialModel, IDataView? validationData = null)
    {
        ArgumentNullException.ThrowIfNull(initialModel);
        return FitCore(trainingData, validationData, initialModel);
    }

    /// <summary>
    /// Trains on <paramref name="trainingData"/> and, when <paramref name="validationData"/> is given, records its
    /// loss and metric after every epoch in <see cref="DeepMlpTransformer.History"/>. Fit preprocessing on the
    /// training data only and apply the fitted preprocessing to the validation data.
    /// </summary>
    public DeepMlpTransformer<TTask> Fit(IDataView trainingData, IDataView? validationData) => FitCore(trainingData, validationData, null);

    ITransformer IValidatingTrainer.Fit(IDataView trainingData, IDataView validationData) => Fit(trainingData, validationData);

    private DeepMlpTransformer<TTask> FitCore(IDataView trainingData, IDataView? validationData, DeepMlpTransformer<TTask>? initialModel)
    {
        ArgumentNullException.ThrowIfNull(trainingData);
        var categorical = CategoricalInputs.Resolve(TrainerOptions, trainingData.Schema, "training data");
        (trainingData, validationData) = NetworkViews(categorical, trainingData, validationData);
        var columns = TrainingColumns.Resolve(trainingData.Schema, TrainerOptions, _task, "training data");
        var validationColumns = validationData is null ? null : columns.ResolveMatching(validationData.Schema, TrainerOptions, _task);
        if (initialModel is not null && WarmStart.Problem(TrainerOptions, initialModel.Model.Network, columns, categorical, initialModel.CategoricalColumnNames) is { } problem)
            throw new ArgumentException(problem, nameof(initialModel));

        TorchRuntime.EnsureAvailable();
        var history = new TrainingHistory();
        var record = new RunRecordBuilder(TrainerOptions, _task, columns);
        try
        {
            return Train(trainingData, validationData, validationColumns, columns, initialModel, history, record, categorical);
        }
        catch (Exception e) when (LogFailedRun(record.Build(history, e), record.CheckpointFolderAccepted))
        {
            throw;   // never reached: the filter logs the failed run and lets the exception pass unchanged
        }
    }

    private bool LogFailedRun(RunRecord runRecord, bool checkpointFolderAccepted)
    {
        RunLogged(runRecord, checkpointFolderAccepted);
        return false;
    }

    private DeepMlpTransformer<TTask> Train(
        IDataView trainingData, IDataView? validationData, TrainingColumns? validationColumns, TrainingColumns columns,
        DeepMlpTransformer<TTask>? initialModel, TrainingHistory history, RunRecordBuilder record, CategoricalInputs? categorical)
    {
        EnsembleSnapshot? initial = initialModel?.Model.Network;
        if (initialModel is not null)
            history.AddNote(WarmStart.Note(initialModel.History));
        if (DataSanity.AbsurdRate(TrainerOptions) is { } absurd)
            history.AddNote(absurd);
        if (_environment.Problem is { } unreachable)
            history.AddNote($"{unreachable}: the seed, GpuDeviceId, FallbackToCpu and cancellation come from the options only, and nothing is logged.");
        using var log = new FitLog(_environment.Host);
        var monitor = new FitMonitor(TrainerOptions, _environment, log);
        monitor.ThrowIfCancellationRequested();
        var device = DeviceSelector.Resolve(TrainerOptions, _environment, history);
        record.Device(device);
        string? initialHash = initial is null ? null : SnapshotHash.Of(initial);
        var checkpoints = CheckpointRun.Open(
            TrainerOptions, new Fingerprint(_task.Name, columns.ClassCount, columns.FeatureCount, device.type.ToString().ToLowerInvariant(), initialHash), history);
        record.CheckpointFolderAccepted = true;
        (int seed, string seedSource) = checkpoints?.Resume is { } resume
            ? (resume.Meta.Seed, $"the checkpoint '{resume.Path}'")
            : _environment.ResolveSeed(TrainerOptions.Seed);
        record.Seed(seed, seedSource);
        var seeds = new SeedPlan(seed);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var deterministic = TrainerOptions.DeterministicAlgorithms ? DeterministicAlgorithmsScope.Open() : null;
        using var data = TrainingData.Prepare(
            TrainerOptions, _task, trainingData, columns, validationData, validationColumns, seeds, device, history, monitor.ThrowIfCancellationRequested, initial?.Task, initial?.Imputation,
            initial?.Members[0].Embedding?.Plan);
        string fingerprint = DataFingerprint.Of(data);
        record.Data(fingerprint);
        checkpoints?.BindData(fingerprint, seed);
        log.Info(FitSummary.Start(TrainerOptions, data, columns, seed, seedSource, device));
        log.Notes(history);

        var ensemble = EnsembleTraining.Train(TrainerOptions, data, data.Standardization.InputSize, seeds, device, history, monitor, initial, checkpoints);
        var runRecord = record.Build(history);
        var model = new DeepMlpTransformer<TTask>(_mlContext, ensemble, columns.Features.Name, trainingData.Schema, columns.Label.Name, history, runRecord, categorical)
        {
            MissingValueLog = _environment.Host,
        };
        if (!RunLogged(runRecord))
            log.Warning($"The run record could not be appended to the run log '{RunLog.PathOf(TrainerOptions)}'; the model still carries it.");
        log.Notes(history);
        log.Info(FitSummary.End(model.Model, clock.Elapsed));
        return model;
    }

    /// <summary>Appends <paramref name="runRecord"/> to the run log, if the options name one; false when it could not be written.</summary>
    private bool RunLogged(RunRecord runRecord, bool checkpointFolderAccepted = true)
    {
        if (RunLog.PathOf(TrainerOptions, checkpointFolderAccepted) is not { } path)
            return true;
        try
        {
            RunLog.Append(path, runRecord);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Checks that the input has the feature, label and weight columns with accepted types (the same rules as
    /// <c>Fit</c>), and returns it with the prediction columns appended.
    /// </summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var columns = ColumnRules.Check(ColumnRules.Of(inputSchema), TrainerOptions, _task, "input schema");
        foreach (string name in TrainerOptions.CategoricalColumnNames ?? [])
        {
            if (inputSchema.FirstOrDefault(c => c.Name == name) is not { IsKey: true, Kind: SchemaShape.Column.VectorKind.Scalar })
                throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Categorical column '{name}' must be a key column of the input schema: "
                    + $"map its values first, e.g. mlContext.Transforms.Conversion.MapValueToKey(\"{name}\").");
        }
        SchemaShape.Column label = inputSchema.Single(c => c.Name == columns.Label.Name);
        return _task.AppendOutputColumns(_mlContext, inputSchema, label);
    }
}
