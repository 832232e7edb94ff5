using Microsoft.ML;

namespace MLNetDeep;

/// <summary>
/// The result of <c>CrossValidateEnsemble</c> (see <see cref="CrossValidationEnsembleCatalog"/>): the k fold models,
/// each fitted on its fold's training rows only (its preprocessing included), their average as one model, the per-fold
/// metrics and the out-of-fold metrics.
/// </summary>
/// <typeparam name="TReport">The task's report: <see cref="BinaryMetricsReport"/>, <see cref="MulticlassMetricsReport"/> or <see cref="RegressionMetricsReport"/>.</typeparam>
public sealed class CrossValidationEnsemble<TReport>
    where TReport : MetricsReport
{
    internal CrossValidationEnsemble(CrossValidationEnsembleTransformer model, IReadOnlyList<ITransformer> foldModels,
        CrossValidationReport foldReport, TReport outOfFoldReport, IDataView outOfFoldScores)
    {
        Model = model;
        FoldModels = foldModels;
        FoldReport = foldReport;
        OutOfFoldReport = outOfFoldReport;
        OutOfFoldScores = outOfFoldScores;
    }

    /// <summary>One model that averages the fold models; save it with <c>mlContext.Model.Save</c>.</summary>
    public CrossValidationEnsembleTransformer Model { get; }

    /// <summary>The fold models, in fold order: fold i's model never saw fold i's held-out rows.</summary>
    public IReadOnlyList<ITransformer> FoldModels { get; }

    /// <summary>Each fold model's metrics on its own held-out rows, with mean ± SD over the folds.</summary>
    public CrossValidationReport FoldReport { get; }

    /// <summary>
    /// The task's report over <see cref="OutOfFoldScores"/>: every row scored once, by the fold model that did not train
    /// on it. It estimates how a fold model does on new data (the ensemble itself usually does a little better).
    /// </summary>
    public TReport OutOfFoldReport { get; }

    /// <summary>
    /// The out-of-fold scores: the label and the prediction columns (same names and types as the fold models give them)
    /// of every fold's held-out rows, fold after fold.
    /// </summary>
    public IDataView OutOfFoldScores { get; }

    /// <summary>The per-fold table, then the out-of-fold report.</summary>
    public override string ToString() =>
        $"Per fold:{Environment.NewLine}{FoldReport}{Environment.NewLine}Out of fold:{Environment.NewLine}{OutOfFoldReport}";
}
