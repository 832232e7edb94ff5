using Microsoft.ML;

namespace MLNetDeep;

/// <summary><c>CreateTestOnceWorkflow</c> on ML.NET's task catalogs: split once, tune on validation, score test once (<see cref="TestOnceWorkflow"/>).</summary>
public static class TestOnceCatalog
{
    /// <summary>Splits <paramref name="data"/> into training, validation and test rows, stratified by the label (or grouped).</summary>
    /// <param name="catalog">The binary classification catalog.</param>
    /// <param name="data">All rows, raw (the pipeline is fitted on the training rows); the label column is Boolean.</param>
    /// <param name="options">Fractions, columns and seed; null for the defaults (15% validation, 15% test).</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range or names a missing column.</exception>
    /// <exception cref="InvalidOperationException">A set would be empty.</exception>
    public static BinaryTestOnceWorkflow CreateTestOnceWorkflow(this BinaryClassificationCatalog catalog, IDataView data, TestOnceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new BinaryTestOnceWorkflow(catalog, data, options);
    }

    /// <summary>Splits <paramref name="data"/> into training, validation and test rows, stratified by the label (or grouped).</summary>
    /// <param name="catalog">The multiclass classification catalog.</param>
    /// <param name="data">All rows, raw; the label column may still be text (stratification reads its values), but the model's output must hold it as a key.</param>
    /// <param name="options">Fractions, columns and seed; null for the defaults (15% validation, 15% test).</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range or names a missing column.</exception>
    /// <exception cref="InvalidOperationException">A set would be empty.</exception>
    public static MulticlassTestOnceWorkflow CreateTestOnceWorkflow(this MulticlassClassificationCatalog catalog, IDataView data, TestOnceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new MulticlassTestOnceWorkflow(catalog, data, options);
    }

    /// <summary>Splits <paramref name="data"/> into training, validation and test rows, shuffled (or grouped).</summary>
    /// <param name="catalog">The regression catalog.</param>
    /// <param name="data">All rows, raw; the label column is Single.</param>
    /// <param name="options">Fractions, columns and seed; null for the defaults (15% validation, 15% test).</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range or names a missing column.</exception>
    /// <exception cref="InvalidOperationException">A set would be empty.</exception>
    public static RegressionTestOnceWorkflow CreateTestOnceWorkflow(this RegressionCatalog catalog, IDataView data, TestOnceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new RegressionTestOnceWorkflow(catalog, data, options);
    }
}
