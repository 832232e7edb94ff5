using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Evaluation.Ensembles;
using MLNetDeep.Models;

namespace MLNetDeep;

/// <summary>
/// <c>CrossValidateEnsemble</c> on ML.NET's task catalogs: cross-validates any estimator (a pipeline ending in a
/// trainer: DeepMlp, FastTree, SDCA...) with ML.NET's own <c>CrossValidate</c> (folds from
/// <c>mlContext.Data.CrossValidationSplit</c>, which keeps rows of one sampling key in one fold), keeps the k fold
/// models, each with its own fitted preprocessing, and averages them into one model
/// (<see cref="CrossValidationEnsembleTransformer"/>). It reports each fold's metrics (mean ± SD) and the out-of-fold
/// metrics: every row scored by the fold model that did not train on it.
/// </summary>
/// <remarks>
/// What is averaged: binary, the probabilities (Score is the logit of the mean probability, PredictedLabel is true when
/// it is above 0.5); multiclass, the Score vectors (PredictedLabel is the class of the largest mean); regression, the
/// scores. Multiclass folds must map the label to the same keys: map it before cross-validating (MapValueToKey fitted
/// on all rows), so a fold whose training rows lack a class or list classes in another order cannot shift the slots.
/// </remarks>
public static class CrossValidationEnsembleCatalog
{
    /// <summary>Binary classification: averages the fold models' probabilities.</summary>
    /// <param name="catalog">The binary classification catalog.</param>
    /// <param name="data">All rows; each fold model is fitted on the rows of the other folds.</param>
    /// <param name="estimator">The pipeline, ending in a binary trainer that outputs Score, Probability and PredictedLabel.</param>
    /// <param name="numberOfFolds">The number of folds, at least 2 (default 5).</param>
    /// <param name="labelColumnName">The label column: Boolean.</param>
    /// <param name="samplingKeyColumnName">Optional column whose equal values stay in one fold (a user or group id), or null.</param>
    /// <param name="seed">Optional seed of the fold assignment; null uses the context's random numbers.</param>
    /// <returns>The ensemble, its fold models and reports.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numberOfFolds"/> is below 2.</exception>
    /// <exception cref="ArgumentException">The label or sampling key column is not in the data, or a fold model has no Probability column.</exception>
    public static CrossValidationEnsemble<BinaryMetricsReport> CrossValidateEnsemble(this BinaryClassificationCatalog catalog, IDataView data,
        IEstimator<ITransformer> estimator, int numberOfFolds = 5, string labelColumnName = DefaultColumnNames.Label,
        string? samplingKeyColumnName = null, int? seed = null)
    {
        Validate(catalog, data, estimator, numberOfFolds, labelColumnName, samplingKeyColumnName);
        var results = catalog.CrossValidate(data, estimator, numberOfFolds, labelColumnName, samplingKeyColumnName, seed);
        var mlContext = new MLContext();
        IDataView outOfFold = OutOfFoldScores.Binary(mlContext, [.. results.Select(r => r.ScoredHoldOutSet)], labelColumnName);
        return Ensemble(mlContext, data, [.. results.Select(r => r.Model)], labelColumnName, new FoldAveraging.Binary(),
            CrossValidationReport.From(results), catalog.EvaluateReport(outOfFold, labelColumnName), outOfFold);
    }

    /// <summary>Multiclass classification: averages the fold models' Score vectors (class probabilities).</summary>
    /// <param name="catalog">The multiclass classification catalog.</param>
    /// <param name="data">All rows; each fold model is fitted on the rows of the other folds.</param>
    /// <param name="estimator">The pipeline, ending in a multiclass trainer that outputs Score and PredictedLabel.</param>
    /// <param name="numberOfFolds">The number of folds, at least 2 (default 5).</param>
    /// <param name="labelColumnName">The label column, a column of the data: a key after the estimator's preprocessing (a text label mapped
    /// in place by MapValueToKey), with the same classes in every fold.</param>
    /// <param name="samplingKeyColumnName">Optional column whose equal values stay in one fold (a user or group id), or null.</param>
    /// <param name="seed">Optional seed of the fold assignment; null uses the context's random numbers.</param>
    /// <returns>The ensemble, its fold models and reports.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numberOfFolds"/> is below 2.</exception>
    /// <exception cref="ArgumentException">The label or sampling key column is not in the data, or the folds' label keys differ.</exception>
    public static CrossValidationEnsemble<MulticlassMetricsReport> CrossValidateEnsemble(this MulticlassClassificationCatalog catalog, IDataView data,
        IEstimator<ITransformer> estimator, int numberOfFolds = 5, string labelColumnName = DefaultColumnNames.Label,
        string? samplingKeyColumnName = null, int? seed = null)
    {
        Validate(catalog, data, estimator, numberOfFolds, labelColumnName, samplingKeyColumnName);
        var results = catalog.CrossValidate(data, estimator, numberOfFolds, labelColumnName, samplingKeyColumnName, seed);
        DataViewSchema.Column label = SameLabelKeys([.. results.Select(r => r.ScoredHoldOutSet.Schema[labelColumnName])]);
        var mlContext = new MLContext();
        IDataView outOfFold = OutOfFoldScores.Multiclass(mlContext, [.. results.Select(r => r.ScoredHoldOutSet)], labelColumnName, label);
        var averaging = new FoldAveraging.Multiclass((int)((KeyDataViewType)label.Type).Count, labelColumnName);
        return Ensemble(mlContext, data, [.. results.Select(r => r.Model)], labelColumnName, averaging,
            CrossValidationReport.From(results), catalog.EvaluateReport(outOfFold, labelColumnName), outOfFold);
    }

    /// <summary>Regression: averages the fold models' scores.</summary>
    /// <param name="catalog">The regression catalog.</param>
    /// <param name="data">All rows; each fold model is fitted on the rows of the other folds.</param>
    /// <param name="estimator">The pipeline, ending in a regression trainer that outputs Score.</param>
    /// <param name="numberOfFolds">The number of folds, at least 2 (default 5).</param>
    /// <param name="labelColumnName">The label column: Single.</param>
    /// <param name="samplingKeyColumnName">Optional column whose equal values stay in one fold (a user or group id), or null.</param>
    /// <param name="seed">Optional seed of the fold assignment; null uses the context's random numbers.</param>
    /// <returns>The ensemble, its fold models and reports.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numberOfFolds"/> is below 2.</exception>
    /// <exception cref="ArgumentException">The label or sampling key column is not in the data.</exception>
    public static CrossValidationEnsemble<RegressionMetricsReport> CrossValidateEnsemble(this RegressionCatalog catalog, IDataView data,
        IEstimator<ITransformer> estimator, int numberOfFolds = 5, string labelColumnName = DefaultColumnNames.Label,
        string? samplingKeyColumnName = null, int? seed = null)
    {
        Validate(catalog, data, estimator, numberOfFolds, labelColumnName, samplingKeyColumnName);
        var results = catalog.CrossValidate(data, estimator, numberOfFolds, labelColumnName, samplingKeyColumnName, seed);
        var mlContext = new MLContext();
        IDataView outOfFold = OutOfFoldScores.Regression(mlContext, [.. results.Select(r => r.ScoredHoldOutSet)], labelColumnName);
        return Ensemble(mlContext, data, [.. results.Select(r => r.Model)], labelColumnName, new FoldAveraging.Regression(),
            CrossValidationReport.From(results), catalog.EvaluateReport(outOfFold, labelColumnName), outOfFold);
    }

    private static CrossValidationEnsemble<TReport> Ensemble<TReport>(MLContext mlContext, IDataView data, IReadOnlyList<ITransformer> folds,
        string labelColumnName, FoldAveraging averaging, CrossValidationReport foldReport, TReport outOfFoldReport, IDataView outOfFold)
        where TReport : MetricsReport
    {
        var chain = FoldEnsembleChain.Build(mlContext, data, folds, labelColumnName, averaging, out ScoringModelFile modelFile);
        return new CrossValidationEnsemble<TReport>(new CrossValidationEnsembleTransformer(chain, modelFile), folds, foldReport, outOfFoldReport, outOfFold);
    }

    private static void Validate(object catalog, IDataView data, IEstimator<ITransformer> estimator, int numberOfFolds, string labelColumnName, string? samplingKeyColumnName)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentException.ThrowIfNullOrEmpty(labelColumnName);
        if (numberOfFolds < 2)
            throw new ArgumentOutOfRangeException(nameof(numberOfFolds), numberOfFolds, $"numberOfFolds is {numberOfFolds}, but cross-validation needs at least 2 folds.");
        string columns = string.Join(", ", data.Schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}'"));
        if (data.Schema.GetColumnOrNull(labelColumnName) is null)
            throw new ArgumentException($"Label column '{labelColumnName}' is not in the data. Columns: {columns}. Pass labelColumnName; "
                + "to map a text label to a key, map that column in place with keys in value order, so every fold gets the same keys "
                + "(MapValueToKey(\"Class\", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue) with labelColumnName \"Class\").", nameof(labelColumnName));
        if (samplingKeyColumnName is not null && data.Schema.GetColumnOrNull(samplingKeyColumnName) is null)
            throw new ArgumentException($"Sampling key column '{samplingKeyColumnName}' is not in the data. Columns: {columns}.", nameof(samplingKeyColumnName));
    }

    /// <summary>The folds' scored label columns must be the same key type with the same class names, in the same order.</summary>
    private static DataViewSchema.Column SameLabelKeys(IReadOnlyList<DataViewSchema.Column> labels)
    {
        DataViewSchema.Column first = labels[0];
        if (first.Type is not KeyDataViewType)
            throw new ArgumentException($"Label column '{first.Name}' is of type '{first.Type}' after the estimator, but multiclass needs a key. Convert it with MapValueToKey.");
        IReadOnlyList<string>? names = KeyValuesAnnotation.Names(first);
        for (int f = 1; f < labels.Count; f++)
        {
            IReadOnlyList<string>? other = KeyValuesAnnotation.Names(labels[f]);
            if (!labels[f].Type.Equals(first.Type) || (names is null) != (other is null) || (names is not null && !names.SequenceEqual(other!)))
                throw new ArgumentException($"Fold {f} maps label column '{first.Name}' to other keys than fold 0 ({labels[f].Type}"
                    + $"{(other is null ? "" : $": {string.Join(", ", other)}")} against {first.Type}{(names is null ? "" : $": {string.Join(", ", names)}")}), "
                    + "so their Score slots do not line up. Map the label to a key on all rows before cross-validating (MapValueToKey fitted on the whole data).");
        }

        return first;
    }
}
