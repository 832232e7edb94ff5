using System.Globalization;
using System.Text;

namespace MLNetDeep.Models;

/// <summary>Renders a <see cref="DeepMlpModelSummary"/> as an aligned text table (see its <c>ToString</c>).</summary>
internal static class ModelSummaryTable
{
    private const string None = "-", Unknown = "?", Gap = "  ";
    private static readonly string[] Header = ["Layer (type)", "Output shape", "Activation", "Normalization", "Dropout", "Parameters"];

    public static string Render(DeepMlpModelSummary summary)
    {
        var rows = new List<string[]> { Header, Row("input (Input)", string.Create(CultureInfo.InvariantCulture, $"[batch, {summary.FeatureCount}]"), None, None, None, 0) };
        if (summary.InputSize != summary.FeatureCount)
            rows.Add(Row("missing (Impute)", string.Create(CultureInfo.InvariantCulture, $"[batch, {summary.InputSize}]"), None, None, None, 0));
        rows.AddRange(summary.Layers.Select(Row));
        int[] widths = [.. Enumerable.Range(0, Header.Length).Select(c => rows.Max(row => row[c].Length))];
        string rule = new('=', widths.Sum() + (Gap.Length * (widths.Length - 1)));

        var lines = new List<string> { Line(rows[0], widths), rule };
        lines.AddRange(rows.Skip(1).Select(row => Line(row, widths)));
        lines.Add(rule);
        if (summary.EnsembleSize > 1)
        {
            lines.Add($"Parameters per member: {Count(summary.ParametersPerMember)}");
            lines.Add($"Ensemble members: {Count(summary.EnsembleSize)}");
        }
        lines.Add($"Total parameters: {Count(summary.TotalParameters)}");
        if (summary.MissingValues.Count > 0)
            lines.Add("Missing values imputed: " + string.Join(", ", summary.MissingValues.Take(10).Select(slot => string.Create(CultureInfo.InvariantCulture,
                $"{slot.Name} ({Count(slot.MissingCount)} → {slot.Method} {slot.Replacement:G6})"))) + (summary.MissingValues.Count > 10 ? ", …" : string.Empty));
        if (summary.Layers.Any(layer => layer.DropoutRate is null))
            lines.Add("Dropout: unknown (the model was saved without its run record)");
        return string.Join(Environment.NewLine, lines);
    }

    private static string[] Row(LayerSummary layer) => Row(
        $"{layer.Name} ({(layer.Residual ? "Residual" : "Dense")})",
        layer.OutputShape,
        layer.Activation?.ToString() ?? None,
        layer.Normalization == Normalization.None ? None : layer.Normalization.ToString(),
        layer.DropoutRate switch
        {
            null => Unknown,
            0 => None,
            double rate => rate.ToString("G", CultureInfo.InvariantCulture),
        },
        layer.ParameterCount);

    private static string[] Row(string name, string shape, string activation, string normalization, string dropout, long parameters) =>
        [name, shape, activation, normalization, dropout, Count(parameters)];

    /// <summary>The cells left-aligned, the last (the parameter count) right-aligned.</summary>
    private static string Line(string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (int c = 0; c < cells.Length; c++)
        {
            if (c > 0)
                line.Append(Gap);
            line.Append(c == cells.Length - 1 ? cells[c].PadLeft(widths[c]) : cells[c].PadRight(widths[c]));
        }
        return line.ToString().TrimEnd();
    }

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
