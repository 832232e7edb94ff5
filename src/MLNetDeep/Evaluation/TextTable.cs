using System.Globalization;
using System.Text;

namespace MLNetDeep;

/// <summary>An aligned plain-text table: first column left-aligned, the others right-aligned, two spaces apart, a dashed rule under the header.</summary>
internal static class TextTable
{
    public static string Render(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = new List<IReadOnlyList<string>> { header };
        all.AddRange(rows);
        var widths = Enumerable.Range(0, header.Count).Select(c => all.Max(r => c < r.Count ? r[c].Length : 0)).ToArray();
        var text = new StringBuilder();
        for (int r = 0; r < all.Count; r++)
        {
            AppendRow(text, all[r], widths);
            if (r == 0)
                AppendRow(text, widths.Select(w => new string('-', w)).ToList(), widths);
        }
        return text.ToString();
    }

    private static void AppendRow(StringBuilder text, IReadOnlyList<string> cells, int[] widths)
    {
        var line = new StringBuilder();
        for (int c = 0; c < widths.Length; c++)
        {
            string cell = c < cells.Count ? cells[c] : "";
            if (c > 0)
                line.Append("  ");
            line.Append(c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]));
        }
        text.Append(line.ToString().TrimEnd()).Append('\n');
    }

    /// <summary>A metric value with 4 decimals (invariant culture); "-" for NaN.</summary>
    public static string Number(double value) =>
        double.IsNaN(value) ? "-" : value.ToString("F4", CultureInfo.InvariantCulture);

    /// <summary>The value and, when present, its interval: "0.8000 [0.6000, 1.0000]".</summary>
    public static string WithInterval(MetricFigure figure) => figure.Interval is { } ci
        ? $"{Number(figure.Value)} [{Number(ci.Lower)}, {Number(ci.Upper)}]"
        : Number(figure.Value);

    /// <summary>A confusion matrix of counts: rows the truth, columns the prediction, labelled with the class names.</summary>
    public static string Confusion(IReadOnlyList<string> classNames, long[,] counts)
    {
        var header = new List<string> { "Truth \\ Predicted" };
        header.AddRange(classNames);
        var rows = classNames.Select((name, t) =>
        {
            var row = new List<string> { name };
            row.AddRange(classNames.Select((_, p) => counts[t, p].ToString(CultureInfo.InvariantCulture)));
            return (IReadOnlyList<string>)row;
        });
        return Render(header, rows);
    }
}
