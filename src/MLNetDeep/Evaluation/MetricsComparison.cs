using Microsoft.ML;

namespace MLNetDeep;

/// <summary>
/// Several models' reports side by side: one row per metric, one column per model, as an aligned table
/// (<see cref="ToString"/>). Build it from reports (<see cref="Compare"/>) or from scored views
/// (<see cref="Binary"/>, <see cref="Multiclass"/>, <see cref="Regression"/>).
/// </summary>
public sealed class MetricsComparison
{
    private MetricsComparison(IReadOnlyList<(string Name, MetricsReport Report)> models) => Models = models;

    /// <summary>The models, in column order, with their reports.</summary>
    public IReadOnlyList<(string Name, MetricsReport Report)> Models { get; }

    /// <summary>Compares reports of one task.</summary>
    /// <param name="models">At least one (name, report); names non-empty and distinct; all reports of the same type.</param>
    /// <exception cref="ArgumentException">No model, a blank or repeated name, or reports of different tasks.</exception>
    public static MetricsComparison Compare(params (string Name, MetricsReport Report)[] models)
    {
        ArgumentNullException.ThrowIfNull(models);
        var problems = new List<string>();
        if (models.Length == 0)
            problems.Add("Give at least one model.");
        if (models.Any(m => string.IsNullOrWhiteSpace(m.Name)))
            problems.Add("Every model needs a name.");
        var repeated = models.GroupBy(m => m.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (repeated.Count > 0)
            problems.Add($"Model names must be distinct; repeated: {string.Join(", ", repeated)}.");
        if (models.Any(m => m.Report is null))
            problems.Add("Every model needs a report.");
        else if (models.Select(m => m.Report.GetType()).Distinct().Count() > 1)
            problems.Add($"Reports of one task only; got {string.Join(", ", models.Select(m => m.Report.GetType().Name).Distinct())}.");
        if (problems.Count > 0)
            throw new ArgumentException(string.Join(" ", problems), nameof(models));
        return new MetricsComparison([.. models]);   // a copy: later edits of the caller's array change nothing
    }

    /// <summary>Binary reports of scored views (default column names), side by side.</summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="models">(name, scored view) per model.</param>
    public static MetricsComparison Binary(MLContext mlContext, params (string Name, IDataView Scored)[] models)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(models);
        return Compare(models.Select(m => (m.Name, (MetricsReport)mlContext.BinaryClassification.EvaluateReport(m.Scored))).ToArray());
    }

    /// <summary>Multiclass reports of scored views (default column names), side by side.</summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="models">(name, scored view) per model.</param>
    public static MetricsComparison Multiclass(MLContext mlContext, params (string Name, IDataView Scored)[] models)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(models);
        return Compare(models.Select(m => (m.Name, (MetricsReport)mlContext.MulticlassClassification.EvaluateReport(m.Scored))).ToArray());
    }

    /// <summary>Regression reports of scored views (default column names), side by side.</summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="models">(name, scored view) per model.</param>
    public static MetricsComparison Regression(MLContext mlContext, params (string Name, IDataView Scored)[] models)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(models);
        return Compare(models.Select(m => (m.Name, (MetricsReport)mlContext.Regression.EvaluateReport(m.Scored))).ToArray());
    }

    /// <summary>
    /// The table: a row per metric (in the first report's order, then any the others add), a column per model; a value
    /// with its bootstrap interval when it has one, "-" when the model's report lacks the metric.
    /// </summary>
    public override string ToString()
    {
        var names = Models.SelectMany(m => m.Report.Figures.Select(f => f.Name)).Distinct().ToList();
        var header = new List<string> { "Metric" };
        header.AddRange(Models.Select(m => m.Name));
        return TextTable.Render(header, names.Select(name =>
        {
            var row = new List<string> { name };
            row.AddRange(Models.Select(m => m.Report.Figures.FirstOrDefault(f => f.Name == name) is { } figure ? TextTable.WithInterval(figure) : "-"));
            return (IReadOnlyList<string>)row;
        }));
    }
}
