using Microsoft.ML;

namespace MLNetDeep;

/// <summary>A multiclass classification <see cref="TestOnceWorkflow"/>: reports are <see cref="MulticlassMetricsReport"/>s.</summary>
public sealed class MulticlassTestOnceWorkflow : TestOnceWorkflow
{
    private readonly MulticlassClassificationCatalog _catalog;

    internal MulticlassTestOnceWorkflow(MulticlassClassificationCatalog catalog, IDataView data, TestOnceOptions? options)
        : base(catalog, data, options, stratify: true)
    {
        _catalog = catalog;
    }

    /// <summary>Scores the validation rows with <paramref name="model"/>; as often as needed.</summary>
    /// <param name="model">A model that writes Score and PredictedLabel and leaves the label a key.</param>
    /// <param name="bootstrap">Optional bootstrap intervals.</param>
    public MulticlassMetricsReport EvaluateValidation(ITransformer model, BootstrapOptions? bootstrap = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return _catalog.EvaluateReport(model.Transform(ValidationData), LabelColumnName, bootstrap: bootstrap);
    }

    /// <summary>Scores the test rows with <paramref name="model"/>, the one time this workflow allows.</summary>
    /// <param name="model">The chosen model.</param>
    /// <param name="bootstrap">Optional bootstrap intervals.</param>
    /// <exception cref="InvalidOperationException">The test rows were already scored (the message says when and by which model).</exception>
    public MulticlassMetricsReport EvaluateTestOnce(ITransformer model, BootstrapOptions? bootstrap = null) =>
        ScoreTestOnce(model, test => _catalog.EvaluateReport(model.Transform(test), LabelColumnName, bootstrap: bootstrap));
}
