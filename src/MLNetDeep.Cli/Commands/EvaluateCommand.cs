using System.ComponentModel;
using System.Globalization;
using Microsoft.ML;
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
        using var input = model.Read(ml, settings.Dataset, "--dataset", optional: null);
        var runner = TaskRunner.For(model.Task);
        var scored = model.Model.Transform(input.Data);
        var comparison = runner.Compare(ml, ("model", scored));
        AnsiConsole.Console.Line($"{model.Task.ToString().ToLowerInvariant()} model {settings.Model} on {input.Table.Rows.Count} rows of {settings.Dataset}");
        AnsiConsole.Console.Line(comparison.ToString());
        AnsiConsole.Console.Line(string.Create(CultureInfo.InvariantCulture, $"{runner.MetricName} (ML.NET's evaluator) {runner.Metric(ml, scored):F8}"));
        return ExitCodes.Success;
    }
}
