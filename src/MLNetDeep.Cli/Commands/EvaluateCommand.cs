using System.ComponentModel;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Cli.Data;
using MLNetDeep.Cli.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MLNetDeep.Cli.Commands;

/// <summary><c>mlnetdeep evaluate</c>: the multi-metric report of a model on a labelled CSV file.</summary>
public sealed class EvaluateCommand : Command<EvaluateCommand.Settings>
{
    /// <summary>The options of <c>mlnetdeep evaluate</c>.</summary>
    public sealed class Settings : ModelSettings
    {
        /// <summary>The labelled rows.</summary>
        [CommandOption("--dataset <FILE>", isRequired: true)]
        [Description("CSV file of labelled rows with the model's columns (for example the test.csv that train wrote).")]
        public string Dataset { get; set; } = "";

        /// <summary>The label column, as the model was trained with it.</summary>
        [CommandOption("--label <COLUMN>", isRequired: true)]
        [Description("The label column the model was trained on.")]
        public string Label { get; set; } = "";
    }

    /// <inheritdoc/>
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var ml = new MLContext(seed: 0);
        var model = ModelFile.Load(ml, settings.Model);
        if (model.Columns[0].Name != settings.Label)
            throw new UserInputException($"--label '{settings.Label}' is not the label '{model.Columns[0].Name}' that '{settings.Model}' was trained on; pass --label {model.Columns[0].Name}.");
        int rows = CsvTable.Read(settings.Dataset, "--dataset").Rows.Count;
        using var input = model.Read(ml, settings.Dataset, "--dataset", optional: null, dropMissing: settings.Label);
        var runner = TaskRunner.For(model.Task);
        var scored = model.Model.Transform(input.Data);
        CheckLabels(model, input.Table, settings, scored.Schema);
        string comparison;
        try
        {
            comparison = runner.Compare(ml, ("model", scored)).ToString();
        }
        catch (ArgumentException e)
        {
            throw new UserInputException($"The rows of '{settings.Dataset}' cannot be evaluated: {e.Message} Its label values are "
                + $"{string.Join(", ", LabelValues(input.Table, settings.Label).Take(10))}; pass rows of both classes the model was trained on.", e);
        }
        int dropped = rows - input.Table.Rows.Count;
        AnsiConsole.Console.Line($"{model.Task.ToString().ToLowerInvariant()} model {settings.Model} on {input.Table.Rows.Count} rows of {settings.Dataset}"
            + (dropped > 0 ? $" ({dropped} rows without a label left out)" : ""));
        AnsiConsole.Console.Line(comparison);
        AnsiConsole.Console.Line(string.Create(CultureInfo.InvariantCulture, $"{runner.MetricName} (ML.NET's evaluator) {runner.Metric(ml, scored):F8}"));
        return ExitCodes.Success;
    }

    /// <summary>Label values the model has no class for are an error (ML.NET would score them as another class, or skip them).</summary>
    private static void CheckLabels(ModelFile model, CsvTable table, Settings settings, DataViewSchema scored)
    {
        var values = LabelValues(table, settings.Label);
        if (model.Task == TaskKind.Binary && values.Count > 2)
            throw new UserInputException($"Label column '{settings.Label}' of '{settings.Dataset}' has {values.Count} values ({string.Join(", ", values.Take(10))}), but the model is binary; pass rows of its two classes.");
        if (model.Task != TaskKind.Multiclass || scored.GetColumnOrNull("PredictedLabel") is not { } predicted || !predicted.HasKeyValues())
            return;
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        predicted.GetKeyValues(ref names);
        var classes = names.DenseValues().Select(n => n.ToString()).ToHashSet(StringComparer.Ordinal);
        var unknown = values.Where(v => !classes.Contains(v)).ToList();
        if (unknown.Count > 0)
            throw new UserInputException($"Label column '{settings.Label}' of '{settings.Dataset}' has values the model has no class for: {string.Join(", ", unknown.Take(10))} "
                + $"(its classes: {string.Join(", ", classes.Take(20))}); leave those rows out or train on them.");
    }

    private static List<string> LabelValues(CsvTable table, string label)
    {
        int at = table.IndexOf(label);
        return at < 0 ? [] : [.. table.Rows.Select(r => r[at].Trim()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }
}
