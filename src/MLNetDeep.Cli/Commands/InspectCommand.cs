using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using MLNetDeep.Cli.Data;
using MLNetDeep.Scoring;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MLNetDeep.Cli.Commands;

/// <summary><c>mlnetdeep inspect</c>: verifies a model.zip, then shows its input columns, network summary and run records.</summary>
public sealed class InspectCommand : Command<ModelSettings>
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <inheritdoc/>
    public override int Execute(CommandContext context, ModelSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var culture = CultureInfo.InvariantCulture;
        var model = ModelFile.Load(new MLContext(seed: 0), settings.Model);   // verifies the manifest first
        AnsiConsole.Console.Line($"{model.Path}");
        AnsiConsole.Console.Line($"Integrity: verified (every entry matches the manifest's SHA-256; the ONNX graph and adapters are MLNetDeep's)");
        AnsiConsole.Console.Line($"Task: {model.Task.ToString().ToLowerInvariant()}; label '{model.Columns[0].Name}'");
        AnsiConsole.Console.Line($"Input columns besides the label ({model.Columns.Count - 1}): {string.Join(", ", model.Columns.Skip(1).Select(c => $"{c.Name} ({(c.Numeric ? "number" : "text")})"))}");

        AnsiConsole.MarkupLine("\n[bold]Network[/]");
        AnsiConsole.Console.Line(DeepMlpModelSummary.FromZip(model.Path).ToString());

        var records = MLNetDeepScoring.ReadRunRecords(model.Path);
        AnsiConsole.Console.Line($"\nReproducibility record ({records.Count} run record(s))");
        foreach (string record in records)
        {
            using var document = JsonDocument.Parse(record);
            AnsiConsole.Console.Line(JsonSerializer.Serialize(document.RootElement, Indented));
        }
        if (records.Count == 0)
            AnsiConsole.Console.Line("none: the model was saved without a run record.");
        return ExitCodes.Success;
    }
}
