using System.Collections.Immutable;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Explainability;

namespace MLNetDeep;

/// <summary>
/// Permutation feature importance for whole pipelines that end in (or contain) a DeepMlp model, fitted in this process
/// or loaded from a zip: <c>mlContext.BinaryClassification.DeepMlpPermutationFeatureImportance(model, data)</c> and its
/// multiclass and regression twins.
/// </summary>
/// <remarks>
/// For each feature slot of the network's feature column, the values are shuffled across rows and the model scored
/// again; the result is the change of every metric of the task (permuted minus original, so a drop in AUC or accuracy
/// is negative, a rise in log-loss or RMSE positive), keyed by the feature's slot name (the scalar column
/// <c>Concatenate</c> made it from), or <c>Features[i]</c> where a slot has no unique name. The transformers before
/// the network run once on the data (cached); only the network's part is re-run per permutation.
/// On the fitted <see cref="DeepMlpTransformer{TTask}"/> itself and featurized data, ML.NET's typed
/// <c>PermutationFeatureImportance</c> works as well; ML.NET's untyped overload cannot, see the README.
/// </remarks>
public static class DeepMlpFeatureImportanceCatalog
{
    /// <summary>The change of every binary classification metric when each feature is permuted.</summary>
    /// <param name="catalog">The binary classification catalog.</param>
    /// <param name="model">A fitted or loaded pipeline containing a DeepMlp binary classifier.</param>
    /// <param name="data">Data as the pipeline's input, with the label column. Use held-out data.</param>
    /// <param name="permutationCount">Permutations per feature, ≥ 1; more give steadier means and standard errors.</param>
    /// <param name="labelColumnName">The label column after the featurization: Boolean.</param>
    /// <param name="numberOfExamplesToUse">Use only this many rows; null for all.</param>
    public static ImmutableDictionary<string, BinaryClassificationMetricsStatistics> DeepMlpPermutationFeatureImportance(
        this BinaryClassificationCatalog catalog, ITransformer model, IDataView data, int permutationCount = 1,
        string labelColumnName = DefaultColumnNames.Label, int? numberOfExamplesToUse = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var run = FeatureImportanceRun.Prepare(model, data, permutationCount, "binary classification");
        return run.ByFeatureName(catalog.PermutationFeatureImportance(
            run.Predictor, run.Featurized, labelColumnName, useFeatureWeightFilter: false, numberOfExamplesToUse, permutationCount));
    }

    /// <summary>The change of every multiclass classification metric when each feature is permuted.</summary>
    /// <param name="catalog">The multiclass classification catalog.</param>
    /// <param name="model">A fitted or loaded pipeline containing a DeepMlp multiclass classifier.</param>
    /// <param name="data">Data as the pipeline's input, with the label column. Use held-out data.</param>
    /// <param name="permutationCount">Permutations per feature, ≥ 1; more give steadier means and standard errors.</param>
    /// <param name="labelColumnName">The label column after the featurization: a key type.</param>
    /// <param name="numberOfExamplesToUse">Use only this many rows; null for all.</param>
    public static ImmutableDictionary<string, MulticlassClassificationMetricsStatistics> DeepMlpPermutationFeatureImportance(
        this MulticlassClassificationCatalog catalog, ITransformer model, IDataView data, int permutationCount = 1,
        string labelColumnName = DefaultColumnNames.Label, int? numberOfExamplesToUse = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var run = FeatureImportanceRun.Prepare(model, data, permutationCount, "multiclass");
        return run.ByFeatureName(catalog.PermutationFeatureImportance(
            run.Predictor, run.Featurized, labelColumnName, useFeatureWeightFilter: false, numberOfExamplesToUse, permutationCount));
    }

    /// <summary>The change of every regression metric when each feature is permuted.</summary>
    /// <param name="catalog">The regression catalog.</param>
    /// <param name="model">A fitted or loaded pipeline containing a DeepMlp regression model.</param>
    /// <param name="data">Data as the pipeline's input, with the label column. Use held-out data.</param>
    /// <param name="permutationCount">Permutations per feature, ≥ 1; more give steadier means and standard errors.</param>
    /// <param name="labelColumnName">The label column after the featurization: Single.</param>
    /// <param name="numberOfExamplesToUse">Use only this many rows; null for all.</param>
    public static ImmutableDictionary<string, RegressionMetricsStatistics> DeepMlpPermutationFeatureImportance(
        this RegressionCatalog catalog, ITransformer model, IDataView data, int permutationCount = 1,
        string labelColumnName = DefaultColumnNames.Label, int? numberOfExamplesToUse = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var run = FeatureImportanceRun.Prepare(model, data, permutationCount, "regression");
        return run.ByFeatureName(catalog.PermutationFeatureImportance(
            run.Predictor, run.Featurized, labelColumnName, useFeatureWeightFilter: false, numberOfExamplesToUse, permutationCount));
    }
}
