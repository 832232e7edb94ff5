using Microsoft.ML;

namespace MLNetDeep;

/// <summary>A regression <see cref="TestOnceWorkflow"/> (rows shuffled, not stratified): reports are <see cref="RegressionMetricsReport"/>s.</summary>
public sealed class RegressionTestOnceWorkflow : TestOnceWorkflow
{
    private readonly RegressionCatalog _catalog;

    internal RegressionTestOnceWorkflow(RegressionCatalog catalog, IDataView data, TestOnceOptions? options)
        : base(catalog, data, options, stratify: false)
    {
        _catalog = catalog;
    }

    /// <summary>Scores the validation rows with <paramref name="model"/>; as often as needed.</summary>
    /// <param name="model">A model that writes Score.</param>
    /// <param name="bootstrap">Optional bootstrap intervals.</param>
    public RegressionMetricsReport EvaluateValidation(ITransformer model, BootstrapOptions? bootstrap = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return _catalog.EvaluateReport(model.Transform(ValidationData), LabelColumnName, bootstrap: bootstrap);
    }

    /// <summary>Scores the test rows with <paramref name="model"/>, the one time this workflow allows.</summary>
    /// <param name="model">The chosen model.</param>
    /// <param name="bootstrap">Optional bootstrap intervals.</param>
    /// <exception cref="InvalidOperationException">The test rows were already scored (the message says when and by which model).</exception>
    public RegressionMetricsReport EvaluateTestOnce(ITransformer model, BootstrapOptions? bootstrap = null) =>
        ScoreTestOnce(model, test => _catalog.EvaluateReport(model.Transform(test), LabelColumnName, bootstrap: bootstrap));
}
