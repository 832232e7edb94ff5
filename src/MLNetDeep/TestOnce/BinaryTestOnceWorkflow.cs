using Microsoft.ML;

namespace MLNetDeep;

/// <summary>A binary classification <see cref="TestOnceWorkflow"/>: reports are <see cref="BinaryMetricsReport"/>s.</summary>
public sealed class BinaryTestOnceWorkflow : TestOnceWorkflow
{
    private readonly BinaryClassificationCatalog _catalog;

    internal BinaryTestOnceWorkflow(BinaryClassificationCatalog catalog, IDataView data, TestOnceOptions? options)
        : base(catalog, data, options, stratify: true)
    {
        _catalog = catalog;
    }

    /// <summary>Scores the validation rows with <paramref name="model"/>; as often as needed.</summary>
    /// <param name="model">A model that writes Score, Probability (optional) and PredictedLabel.</param>
    /// <param name="bootstrap">Optional bootstrap intervals.</param>
    public BinaryMetricsReport EvaluateValidation(ITransformer model, BootstrapOptions? bootstrap = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return _catalog.EvaluateReport(model.Transform(ValidationData), LabelColumnName, bootstrap: bootstrap);
    }

    /// <summary>
    /// Scores the test rows with <paramref name="model"/>, the one time this workflow allows; the F1-maximizing
    /// threshold is chosen on the validation rows as scored by <paramref name="thresholdModel"/> (by default
    /// <paramref name="model"/> itself) and applied to the test rows.
    /// </summary>
    /// <param name="model">The chosen model.</param>
    /// <param name="bootstrap">Optional bootstrap intervals.</param>
    /// <param name="thresholdModel">
    /// The model whose validation scores choose the F1 threshold; null for <paramref name="model"/>. After a refit on
    /// <see cref="TestOnceWorkflow.TrainingAndValidationData"/> the refit model has seen the validation rows, so a
    /// threshold chosen on them is in-sample: pass the model fitted on <see cref="TestOnceWorkflow.TrainingData"/>
    /// (the one <see cref="TestOnceWorkflow.Fit"/> returned) instead.
    /// </param>
    /// <exception cref="InvalidOperationException">The test rows were already scored (the message says when and by which model).</exception>
    public BinaryMetricsReport EvaluateTestOnce(ITransformer model, BootstrapOptions? bootstrap = null, ITransformer? thresholdModel = null) =>
        ScoreTestOnce(model, test => _catalog.EvaluateReport(model.Transform(test), LabelColumnName,
            thresholdFrom: (thresholdModel ?? model).Transform(ValidationData), bootstrap: bootstrap));
}
