using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Models;

namespace MLNetDeep;

/// <summary>
/// The averaged model of a cross-validation ensemble (see <see cref="CrossValidationEnsembleCatalog"/>): it runs every
/// fold model, each with its own fitted preprocessing, on the same input row and averages their outputs into the
/// task's usual columns (binary <c>Score</c>, <c>Probability</c>, <c>PredictedLabel</c>; multiclass <c>Score</c>,
/// <c>PredictedLabel</c>; regression <c>Score</c>).
/// </summary>
/// <remarks>
/// It is one chain of stock ML.NET parts (CopyColumns, the fold models, Concatenate, ApplyOnnxModel, MLNetDeep.Scoring's
/// head adapters, DropColumns): <c>mlContext.Model.Save</c> writes it, and <c>mlContext.Model.Load</c> or
/// <c>MLNetDeepScoring.LoadModel</c> restores it as that chain. Scoring needs the columns of the training data (the
/// label only when the estimator changes its type, as MapValueToKey does). The averaging graph's file exists only while
/// the session is built and while the model is saved.
/// </remarks>
public sealed class CrossValidationEnsembleTransformer : ITransformer, IDisposable
{
    private readonly TransformerChain<ITransformer> _chain;
    private readonly ScoringModelFile _modelFile;
    private volatile bool _released;

    internal CrossValidationEnsembleTransformer(TransformerChain<ITransformer> chain, ScoringModelFile modelFile)
    {
        _chain = chain;
        _modelFile = modelFile;
    }

    /// <inheritdoc/>
    public bool IsRowToRowMapper => true;

    /// <summary>The schema <see cref="Transform(IDataView)"/> produces for <paramref name="inputSchema"/>.</summary>
    /// <param name="inputSchema">The schema of the data to score: the training data's columns.</param>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ThrowIfReleased();
        return _chain.GetOutputSchema(inputSchema);
    }

    /// <summary>A row-to-row mapper for <paramref name="inputSchema"/>; used by <c>PredictionEngine</c>.</summary>
    /// <param name="inputSchema">The schema of the data to score: the training data's columns.</param>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        ThrowIfReleased();
        return ((ITransformer)_chain).GetRowToRowMapper(inputSchema);
    }

    /// <summary>Scores <paramref name="input"/> lazily, adding the averaged prediction columns.</summary>
    /// <param name="input">The data to score: the training data's columns.</param>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ThrowIfReleased();
        return _chain.Transform(input);
    }

    /// <summary>
    /// Does not end the model, so disposing a <c>PredictionEngine</c> (which disposes the model it was created from) is
    /// always safe. Call <see cref="ReleaseSession"/> to free the averaging session once nothing uses the model.
    /// </summary>
    public void Dispose() => GC.SuppressFinalize(this);

    /// <summary>
    /// Closes the chain's sessions, the fold models' DeepMlp sessions among them (so the fold models, which the ensemble
    /// shares, stop scoring too), and deletes the averaging graph's folder. Afterwards scoring and saving throw
    /// <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void ReleaseSession()
    {
        _released = true;
        _chain.Dispose();
        ReleaseDeepMlp(_chain);
        _modelFile.Dispose();
    }

    private static void ReleaseDeepMlp(ITransformer transformer)
    {
        if (transformer is DeepMlpTransformer deepMlp)
            deepMlp.ReleaseSession();
        else if (transformer is IEnumerable<ITransformer> chain)
        {
            foreach (ITransformer part in chain)
                ReleaseDeepMlp(part);
        }
    }

    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        ThrowIfReleased();
        _modelFile.Save(_chain, ctx);
    }

    private void ThrowIfReleased() => ObjectDisposedException.ThrowIf(_released, this);
}
