using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Models;
using MLNetDeep.Onnx;
using MLNetDeep.Snapshots;

namespace MLNetDeep;

/// <summary>
/// A trained MLNetDeep network; <c>Fit</c> returns it as <see cref="DeepMlpTransformer{TTask}"/>. It adds the same columns as
/// ML.NET's own trainers: binary classification <c>Score</c> (raw margin), <c>Probability</c> and
/// <c>PredictedLabel</c> (Boolean); multiclass <c>Score</c> (a vector of class probabilities whose <c>SlotNames</c>
/// are the class names; see <see cref="MulticlassClassificationTask"/> for when they are <c>Class0</c>, … instead, and
/// for the one column name clash scoring cannot avoid) and <c>PredictedLabel</c> (a key of the label's key type, with
/// its class names); regression <c>Score</c>.
/// </summary>
/// <remarks>
/// Scoring runs through stock ML.NET parts: an ONNX transform holding the network, followed by the stateless head
/// adapters of the MLNetDeep.Scoring assembly. <c>mlContext.Model.Save</c> writes these parts, so a saved model
/// loads with <c>MLNetDeepScoring.LoadModel</c> (or plain <c>mlContext.Model.Load</c>) in an app that references
/// MLNetDeep.Scoring and the ONNX Runtime package, without TorchSharp. After loading, this type, its
/// <see cref="History"/> and <see cref="SaveAsOnnx(Stream)"/> exist only in the training process.
/// Lifetime: the model holds one ONNX Runtime session that every <c>PredictionEngine</c> and <c>Transform</c> call
/// share. <see cref="Dispose"/> does not close it, because a <c>PredictionEngine</c> disposes the model it was created
/// from when the engine is disposed (<c>PredictionEngineOptions.OwnsTransformer</c> defaults to true) while other engines
/// may still use it; the garbage collector frees the session once the model and its engines are gone.
/// </remarks>
public abstract class DeepMlpTransformer : ITransformer, IDisposable
{
    private readonly EnsembleSnapshot _network;
    private readonly TransformerChain<ITransformer> _chain;
    private readonly ScoringModelFile _modelFile;
    private readonly Embeddings.CategoricalInputs? _categorical;
    private volatile bool _released;

    /// <summary>The trained network(s) as plain arrays.</summary>
    internal EnsembleSnapshot Network => _network;

    /// <summary>A model that averages the members of <paramref name="network"/> (see <see cref="EnsembleSnapshot"/>).</summary>
    /// <param name="mlContext">The context the scoring chain is built with.</param>
    /// <param name="network">The trained network(s) and their task.</param>
    /// <param name="featureColumnName">The input column.</param>
    /// <param name="trainingInputSchema">The training data's schema, which has the label column.</param>
    /// <param name="labelColumnName">The label column, or null (a key label's type and class names then stay unknown).</param>
    /// <param name="history">What happened during training.</param>
    /// <param name="runRecord">The fit's reproducibility record, saved in the model's ONNX metadata; null for none.</param>
    /// <param name="categorical">The key columns the network embeds beside the features, or null.</param>
    private protected DeepMlpTransformer(
        MLContext mlContext,
        EnsembleSnapshot network,
        string featureColumnName,
        DataViewSchema trainingInputSchema,
        string? labelColumnName,
        TrainingHistory history,
        RunRecord? runRecord,
        Embeddings.CategoricalInputs? categorical = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(featureColumnName);
        ArgumentNullException.ThrowIfNull(trainingInputSchema);
        ArgumentNullException.ThrowIfNull(history);

        DataViewSchema.Column? label = null;
        if (labelColumnName is not null)
        {
            label = trainingInputSchema.GetColumnOrNull(labelColumnName)
                ?? throw new ArgumentOutOfRangeException(nameof(labelColumnName), $"Label column '{labelColumnName}' is not in the training schema.");
        }

        _network = network;
        FeatureColumnName = featureColumnName;
        LabelColumnName = labelColumnName;
        History = history;
        RunRecord = runRecord;
        ClassNames = label is { } l ? KeyValuesAnnotation.Names(l) : null;
        _categorical = categorical;
        _chain = ScoringChain.Fit(mlContext, network, new ScoringChainInputs(label, trainingInputSchema, featureColumnName, history, runRecord, categorical), out _modelFile);
    }

    /// <summary>
    /// Where <see cref="Transform"/> warns about missing values in slots that had none in training (the fitting
    /// context's log); null when the trainer could not reach the context. A saved and reloaded model does not warn.
    /// </summary>
    internal Microsoft.ML.Runtime.IHost? MissingValueLog { get; init; }

    /// <summary>What happened during training, one row per epoch.</summary>
    public TrainingHistory History { get; }

    /// <summary>
    /// The network layer by layer (output shapes, activation, normalization, dropout from <see cref="RunRecord"/>,
    /// parameters), as a table with <see cref="DeepMlpModelSummary.ToString"/>; the same as <c>Model.GetModelSummary()</c>.
    /// </summary>
    public DeepMlpModelSummary GetModelSummary() => ModelSummaryBuilder.FromNetwork(_network, RunRecord?.Options);

    /// <summary>
    /// The fit's reproducibility record (options, seed, device, data fingerprint, versions, history, results), or null
    /// for a model built without one. A saved model carries it: <c>MLNetDeepScoring.ReadRunRecords</c> reads it back.
    /// </summary>
    public RunRecord? RunRecord { get; }

    /// <summary>The input column: a known-size vector of <see cref="float"/> of <see cref="InputSize"/> values.</summary>
    public string FeatureColumnName { get; }

    /// <summary>The input column's type: a vector of <see cref="InputSize"/> Single values.</summary>
    public DataViewType FeatureColumnType => new VectorDataViewType(NumberDataViewType.Single, InputSize);

    /// <summary>The number of values the network reads from <see cref="FeatureColumnName"/>.</summary>
    public int InputSize => _network.FeatureCount - CategoricalColumnNames.Count;

    /// <summary>
    /// The key-typed columns the network embeds beside <see cref="FeatureColumnName"/>
    /// (<see cref="DeepMlpOptionsBase.CategoricalColumnNames"/>); empty when none.
    /// </summary>
    public IReadOnlyList<string> CategoricalColumnNames => _categorical?.Names ?? [];

    /// <summary>Each of <see cref="CategoricalColumnNames"/>' number of keys in training.</summary>
    internal IReadOnlyList<int> CategoricalCardinalities => _categorical?.Cardinalities ?? [];

    /// <summary>The label column the model was trained on, or null if the trainer did not name one.</summary>
    public string? LabelColumnName { get; }

    /// <summary>The task the network was trained for, with what training learned about the label; it decides the output columns.</summary>
    public PredictionTask Task => _network.Task;

    /// <summary>The number of classes: 2 for binary classification, the label's key count for multiclass, 0 for regression.</summary>
    public int ClassCount => Task.ClassCount;

    /// <summary>
    /// The label's class names in key order (its KeyValues as text; for multiclass, the order of the <c>Score</c> slots,
    /// whose SlotNames are these names unless <see cref="TrainingHistory.Notes"/> says otherwise). Null when the label has none.
    /// </summary>
    public IReadOnlyList<string>? ClassNames { get; }

    /// <summary>True: the model maps rows one by one (a <c>PredictionEngine</c> can use it).</summary>
    public bool IsRowToRowMapper => true;

    /// <summary>The schema <see cref="Transform(IDataView)"/> produces for <paramref name="inputSchema"/>.</summary>
    /// <param name="inputSchema">Must have <see cref="FeatureColumnName"/> as a vector of <see cref="InputSize"/> Single values.</param>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        CheckInput(inputSchema);
        return _chain.GetOutputSchema(inputSchema);
    }

    /// <summary>A row-to-row mapper for <paramref name="inputSchema"/>; used by <c>PredictionEngine</c>.</summary>
    /// <param name="inputSchema">Must have <see cref="FeatureColumnName"/> as a vector of <see cref="InputSize"/> Single values.</param>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        CheckInput(inputSchema);
        return ((ITransformer)_chain).GetRowToRowMapper(inputSchema);
    }

    /// <summary>Scores <paramref name="input"/> lazily, adding the prediction columns.</summary>
    /// <param name="input">Must have <see cref="FeatureColumnName"/> as a vector of <see cref="InputSize"/> Single values.</param>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckInput(input.Schema);
        IDataView scored = _chain.Transform(input);
        if (MissingValueLog is { } host && _network.Imputation is { } imputation && imputation.IndicatorSlots.Length < imputation.FeatureCount)
            return new MissingValueWatch(scored, input.Schema.Count, imputation, FeatureColumnName, host);
        return scored;
    }

    /// <summary>Writes the standalone network as an ONNX model (opset 17) for ONNX Runtime or any other ONNX consumer.</summary>
    /// <remarks>
    /// Input: <see cref="FeatureColumnName"/>, float [batch, <see cref="InputSize"/>]. Outputs, each with a leading batch
    /// dimension: binary <c>score</c> (logit) and <c>probability</c> [batch, 1]; multiclass <c>probability</c>
    /// [batch, classes] and <c>predicted_class</c> (int64, 0-based) [batch, 1]; regression <c>score</c> [batch, 1].
    /// With <see cref="CategoricalColumnNames"/>, each key column is an input of its own, uint32 [batch, 1], named after the
    /// column and holding the raw key (1 to its key count; 0, a missing key, and any value above the count use the trained
    /// unknown-key embedding).
    /// Preprocessing earlier in the ML.NET pipeline (for example normalization) is not included; the network's own
    /// missing-value replacement is (NaN inputs are imputed as in ML.NET; an infinite input gives NaN outputs).
    /// </remarks>
    /// <param name="stream">A writable stream; it is left open.</param>
    public void SaveAsOnnx(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] bytes = OnnxExporter.Export(_network, FeatureColumnName, OnnxHeadLayout.Standalone, RunRecord?.ToJson(), _categorical?.Names);
        stream.Write(bytes, 0, bytes.Length);
    }

    /// <summary>Writes the standalone network as an ONNX file; see <see cref="SaveAsOnnx(Stream)"/>.</summary>
    /// <param name="path">The file to create or overwrite.</param>
    public void SaveAsOnnx(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using FileStream stream = File.Create(path);
        SaveAsOnnx(stream);
    }

    /// <summary>
    /// Does not end the model: engines and views created from it keep working, so disposing a <c>PredictionEngine</c>
    /// (which disposes the model it was created from) is always safe. To free the ONNX Runtime session and its
    /// temporary model file, call <see cref="ReleaseSession"/> once nothing uses the model any more.
    /// </summary>
    public void Dispose() => GC.SuppressFinalize(this);

    /// <summary>
    /// Closes the ONNX Runtime session. Call it when the model, and every engine and data view created from it, is no
    /// longer used: afterwards scoring and saving throw <see cref="ObjectDisposedException"/>
    /// (<see cref="SaveAsOnnx(Stream)"/> still works). Without it, the garbage collector frees the session. The graph's
    /// file in the temporary folder exists only while the session is built and while the model is saved, so no copy is
    /// left behind either way.
    /// </summary>
    public void ReleaseSession()
    {
        _released = true;
        _chain.Dispose();
        _modelFile.Dispose();
    }

    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        ThrowIfReleased();
        _modelFile.Save(_chain, ctx);
    }

    private void ThrowIfReleased() => ObjectDisposedException.ThrowIf(_released, this);

    private void CheckInput(DataViewSchema inputSchema)
    {
        ThrowIfReleased();
        ArgumentNullException.ThrowIfNull(inputSchema);
        DataViewSchema.Column column = inputSchema.GetColumnOrNull(FeatureColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Feature column '{FeatureColumnName}' not found.");
        if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType item, Size: var size }
            || item != NumberDataViewType.Single || size != InputSize)
        {
            throw new ArgumentOutOfRangeException(
                nameof(inputSchema),
                $"Feature column '{FeatureColumnName}' is of type '{column.Type}', but must be a vector of {InputSize} Single values.");
        }
        _categorical?.CheckMatches(inputSchema, "input data");
    }
}
