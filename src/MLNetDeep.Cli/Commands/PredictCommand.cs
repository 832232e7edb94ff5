using System.ComponentModel;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Cli.Data;
using MLNetDeep.Cli.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MLNetDeep.Cli.Commands;

/// <summary><c>mlnetdeep predict</c>: scores every row of a CSV file and writes the rows with the prediction columns.</summary>
public sealed class PredictCommand : Command<PredictCommand.Settings>
{
    /// <summary>The options of <c>mlnetdeep predict</c>.</summary>
    public sealed class Settings : ModelSettings
    {
        /// <summary>The rows to score.</summary>
        [CommandOption("--input <FILE>", isRequired: true)]
        [Description("CSV file of the rows to score, with the model's columns (the label column may be left out).")]
        public string Input { get; set; } = "";

        /// <summary>Where the scored rows go; stdout when not given.</summary>
        [CommandOption("--output <FILE>")]
        [Description("CSV file to write: the input rows with the prediction columns appended (default: print them).")]
        public string? Output { get; set; }
    }

    /// <inheritdoc/>
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var ml = new MLContext(seed: 0);
        var model = ModelFile.Load(ml, settings.Model);
        using var input = model.Read(ml, settings.Input, "--input", optional: model.Columns[0].Name);
        IDataView scored = model.Model.Transform(input.Data);
        var (names, values) = Predictions(ml, scored, model.Task);
        var header = input.Table.Header.Concat(names).ToList();
        var rows = input.Table.Rows.Select((r, i) => (string[])[.. r, .. values[i]]).ToList();
        if (settings.Output is { } path)
        {
            CsvTable.Write(path, header, rows);
            AnsiConsole.Console.Line($"Scored {rows.Count} rows of {settings.Input} into {path} (columns {string.Join(", ", names)})");
        }
        else
        {
            CsvTable.Write(Console.Out, header, rows);
        }
        return ExitCodes.Success;
    }

    /// <summary>Whether the model writes the predicted class as text (models saved by this version do).</summary>
    private static bool HasClassColumn(IDataView scored) => scored.Schema.GetColumnOrNull(Featurization.PredictedClassColumnName) is not null;

    /// <summary>The prediction columns' names and, per row, their values as text.</summary>
    private static (IReadOnlyList<string> Names, List<string[]> Values) Predictions(MLContext ml, IDataView scored, TaskKind task)
    {
        var culture = CultureInfo.InvariantCulture;
        switch (task)
        {
            case TaskKind.Binary:
                var labels = HasClassColumn(scored) ? scored.GetColumn<ReadOnlyMemory<char>>(Featurization.PredictedClassColumnName).Select(l => l.ToString()).ToList()
                    : [.. scored.GetColumn<bool>("PredictedLabel").Select(b => b ? "true" : "false")];
                var probabilities = scored.GetColumn<float>("Probability").ToList();
                return (["PredictedLabel", "Probability"], [.. labels.Select((l, i) => new[] { l, probabilities[i].ToString("R", culture) })]);
            case TaskKind.Multiclass:
                VBuffer<ReadOnlyMemory<char>> slotNames = default;
                scored.Schema["Score"].GetSlotNames(ref slotNames);
                string[] classes = [.. slotNames.DenseValues().Select(s => s.ToString())];
                var predicted = HasClassColumn(scored) ? scored.GetColumn<ReadOnlyMemory<char>>(Featurization.PredictedClassColumnName).Select(p => p.ToString()).ToList()
                    : [.. scored.GetColumn<uint>("PredictedLabel").Select(k => k == 0 ? "" : classes[k - 1])];
                var scores = scored.GetColumn<float[]>("Score").ToList();
                return (["PredictedLabel", .. classes.Select(c => "Probability." + c)],
                    [.. predicted.Select((p, i) => (string[])[p, .. scores[i].Select(s => s.ToString("R", culture))])]);
            default:
                return (["Score"], [.. scored.GetColumn<float>("Score").Select(s => new[] { s.ToString("R", culture) })]);
        }
    }
}
