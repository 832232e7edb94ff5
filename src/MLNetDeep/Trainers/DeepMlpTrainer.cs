using Microsoft.ML;
using Microsoft.ML.Trainers;
using MLNetDeep.Data;
using MLNetDeep.Interop;
using MLNetDeep.Native;
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
public class DeepMlpTrainer<TTask, TOptions> : ITrainerEstimator<DeepMlpTransformer<TTask>, DeepMlpModel<TTask>>
    where TTask : PredictionTask
    where TOptions : DeepMlpOptionsBase
{
    private readonly TTask _task;

    // One context for the scoring chains of every model this trainer fits and for its schema shapes.
    private readonly MLContext _mlContext = new();

    /// <summary>Creates the trainer from a validated deep copy of <paramref name="options"/>: later changes to them change nothing.</summary>
    /// <param name="task">The task, as it is before training.</param>
    /// <param name="options">The options; every one is validated here.</param>
    /// <exception cref="ArgumentException">One or more options are invalid; the message lists each.</exception>
    public DeepMlpTrainer(TTask task, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(options);
        var copy = (TOptions)options.Clone();
        OptionsValidator.Validate(copy);
        _task = task;
        TrainerOptions = copy;
    }

    /// <summary>
    /// What the trainer needs and supports: no feature normalization (features are standardized inside the network),
    /// no caching by the caller (Fit caches the rows it reads), validation data (<see cref="Fit(IDataView, IDataView)"/>);
    /// no incremental training.
    /// </summary>
    public TrainerInfo Info { get; } = MLNetInternals.CreateTrainerInfo(
        normalization: false, caching: false, supportValidation: true, supportIncrementalTraining: false);

    /// <summary>The trainer's own copy of the options (validated; never the caller's object).</summary>
    internal TOptions TrainerOptions { get; }

    /// <summary>Trains on <paramref name="input"/>.</summary>
    public DeepMlpTransformer<TTask> Fit(IDataView input) => Fit(input, null);

    /// <summary>
    /// Trains on <paramref name="trainingData"/> and, when <paramref name="validationData"/> is given, records its
    /// loss and metric after every epoch in <see cref="DeepMlpTransformer.History"/>. Fit preprocessing on the
    /// training data only and apply the fitted preprocessing to the validation data.
    /// </summary>
    public DeepMlpTransformer<TTask> Fit(IDataView trainingData, IDataView? validationData)
    {
        ArgumentNullException.ThrowIfNull(trainingData);
        var columns = TrainingColumns.Resolve(trainingData.Schema, TrainerOptions, _task, "training data");
        var validationColumns = validationData is null ? null : columns.ResolveMatching(validationData.Schema, TrainerOptions, _task);

        TorchRuntime.EnsureAvailable();
        var history = new TrainingHistory();
        var device = DeviceSelector.Resolve(TrainerOptions, history);
        var seeds = new SeedPlan(TrainerOptions.Seed ?? Random.Shared.Next());
        using var deterministic = TrainerOptions.DeterministicAlgorithms ? DeterministicAlgorithmsScope.Open() : null;
        using var data = TrainingData.Prepare(TrainerOptions, _task, trainingData, columns, validationData, validationColumns, seeds, device, history);

        var members = new List<NetworkSnapshot>();
        for (int member = 0; member < TrainerOptions.EnsembleSize; member++)
        {
            // Member 0 trains exactly as a single model with this seed; later members differ in init, dropout and order.
            var memberHistory = member == 0 ? history : new TrainingHistory();
            members.Add(MemberTraining.Train(TrainerOptions, data, columns.FeatureCount, seeds.Member(member), device, memberHistory));
            if (member > 0)
                history.AddMember(memberHistory);
        }
        if (members.Count > 1)
            history.AddNote($"Ensemble of {members.Count} members trained with seeds {seeds.Seed} + {SeedPlan.MemberStride}·i; Epochs shows member 0, Members every member.");

        return new DeepMlpTransformer<TTask>(_mlContext, new EnsembleSnapshot(members), columns.Features.Name, trainingData.Schema, columns.Label.Name, history);
    }

    /// <summary>
    /// Checks that the input has the feature, label and weight columns with accepted types (the same rules as
    /// <c>Fit</c>), and returns it with the prediction columns appended.
    /// </summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var columns = ColumnRules.Check(ColumnRules.Of(inputSchema), TrainerOptions, _task, "input schema");
        SchemaShape.Column label = inputSchema.Single(c => c.Name == columns.Label.Name);
        return _task.AppendOutputColumns(_mlContext, inputSchema, label);
    }
}
