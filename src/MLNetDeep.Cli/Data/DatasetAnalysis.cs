using System.Globalization;
using Spectre.Console;

namespace MLNetDeep.Cli.Data;

/// <summary>A dataset read for training: the rows that have a label, the label and task, and every feature column's kind.</summary>
/// <param name="Table">The rows with a label value (rows with a missing label are dropped).</param>
/// <param name="Label">The label and task.</param>
/// <param name="Features">Every other column's profile (ignored ones included).</param>
/// <param name="DroppedRows">Rows dropped for a missing label.</param>
public sealed record DatasetAnalysis(CsvTable Table, LabelInfo Label, IReadOnlyList<ColumnProfile> Features, int DroppedRows)
{
    /// <summary>Reads <paramref name="path"/>, drops rows without a label, infers the task and the column kinds.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="label">The label column.</param>
    /// <param name="task">The task or auto.</param>
    /// <param name="columnSpecs">The <c>--column</c> values.</param>
    /// <exception cref="UserInputException">The file, label or a value is wrong (the message says which and what to do).</exception>
    public static DatasetAnalysis Read(string path, string label, TaskKind task, IEnumerable<string> columnSpecs)
    {
        var all = CsvTable.Read(path, "--dataset");
        int labelIndex = LabelInfo.Find(all, label);
        var keep = Enumerable.Range(0, all.Rows.Count).Where(r => !ColumnValues.IsMissing(all.Rows[r][labelIndex])).ToList();
        var table = all with { Rows = [.. keep.Select(r => all.Rows[r])], LineNumbers = [.. keep.Select(r => all.LineNumbers[r])] };
        var info = LabelInfo.Infer(table, label, task);
        var overrides = ColumnTypeInference.ParseOverrides(columnSpecs, table);
        if (overrides.ContainsKey(label))
            throw new UsageException($"--column names the label '{label}'; the label's type follows from --task.");
        return new DatasetAnalysis(table, info, ColumnTypeInference.Infer(table, labelIndex, overrides), all.Rows.Count - keep.Count);
    }

    /// <summary>Prints the task, the classes and a table of the columns' kinds.</summary>
    /// <param name="console">Where to print.</param>
    public void Print(IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var culture = CultureInfo.InvariantCulture;
        console.Line($"Dataset {Table.Path}: {Table.Rows.Count} rows, {Table.Header.Count} columns{(DroppedRows > 0 ? $" ({DroppedRows} rows without a label dropped)" : "")}");
        string classes = Label.Task switch
        {
            TaskKind.Binary => $"; positive class '{Label.Classes[1]}', negative '{Label.Classes[0]}'",
            TaskKind.Multiclass => $"; {Label.Classes.Count} classes: {string.Join(", ", Label.Classes.Take(10))}{(Label.Classes.Count > 10 ? ", ..." : "")}",
            _ => "",
        };
        console.Line($"Task: {Label.Task.ToString().ToLowerInvariant()} ({Label.Reason}), label '{Label.Name}'{classes}");
        var table = new Table().Border(TableBorder.Simple).AddColumns("column", "type", "distinct", "missing", "featurization", "why");
        foreach (var f in Features)
        {
            table.AddRow(Markup.Escape(f.Name), f.Kind.ToString().ToLowerInvariant(), f.DistinctCount.ToString(culture), f.MissingCount.ToString(culture),
                Markup.Escape(f.Featurization), Markup.Escape(f.Reason));
        }
        console.Write(table);
    }
}
