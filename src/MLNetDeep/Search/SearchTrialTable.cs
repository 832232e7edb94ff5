using System.Globalization;
using System.Text;

namespace MLNetDeep;

/// <summary>The trial table of a search as aligned text and as CSV.</summary>
internal static class SearchTrialTable
{
    public static string Render<TReport>(SearchResult<TReport> result)
        where TReport : MetricsReport
    {
        bool brackets = result.Trials.Any(t => t.Bracket is not null);
        var header = new List<string> { "Trial", "State" };
        header.AddRange(result.Parameters.Select(p => p.Name));
        header.AddRange([result.MetricName, "Epochs", "Kept", "Seconds"]);
        if (brackets)
            header.Add("Bracket");
        var rows = result.Trials.Select(t =>
        {
            var row = new List<string> { (t.Number == result.BestTrial.Number ? "*" : "") + Invariant(t.Number), StateText(t.State) };
            row.AddRange(result.Parameters.Select(p => SearchParameter.Format(t.Parameters[p.Name])));
            row.AddRange([t.Objective is { } o ? TextTable.Number(o) : "-", Invariant(t.Epochs), Invariant(t.SelectedEpoch), t.Duration.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)]);
            if (brackets)
                row.Add(t.Bracket is { } b ? Invariant(b) : "-");
            return (IReadOnlyList<string>)row;
        });
        return TextTable.Render(header, rows);
    }

    public static void SaveCsv<TReport>(SearchResult<TReport> result, string path)
        where TReport : MetricsReport
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var text = new StringBuilder();
        var header = new List<string> { "trial", "state" };
        header.AddRange(result.Parameters.Select(p => p.Name));
        header.AddRange(["objective", "metric", "epochs", "selected_epoch", "seconds", "bracket", "best_so_far", "validation_losses", "validation_metrics", "message"]);
        AppendLine(text, header);
        var bestSoFar = result.BestSoFar();
        for (int i = 0; i < result.Trials.Count; i++)
        {
            var t = result.Trials[i];
            var row = new List<string> { Invariant(t.Number), t.State.ToString() };
            row.AddRange(result.Parameters.Select(p => SearchParameter.Format(t.Parameters[p.Name])));
            row.AddRange([
                t.Objective is { } o ? o.ToString("R", CultureInfo.InvariantCulture) : "",
                result.MetricName,
                Invariant(t.Epochs),
                Invariant(t.SelectedEpoch),
                t.Duration.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture),
                t.Bracket is { } b ? Invariant(b) : "",
                double.IsNaN(bestSoFar[i]) ? "" : bestSoFar[i].ToString("R", CultureInfo.InvariantCulture),
                string.Join(";", t.ValidationLosses.Select(l => l.ToString("R", CultureInfo.InvariantCulture))),
                string.Join(";", t.ValidationMetrics.Select(l => l.ToString("R", CultureInfo.InvariantCulture))),
                t.Message ?? "",
            ]);
            AppendLine(text, row);
        }
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
            Directory.CreateDirectory(folder);
        File.WriteAllText(path, text.ToString());
    }

    private static string StateText(SearchTrialState state) => state switch
    {
        SearchTrialState.StoppedByTimeBudget => "Time budget",
        _ => state.ToString(),
    };

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void AppendLine(StringBuilder text, IEnumerable<string> cells) =>
        text.Append(string.Join(",", cells.Select(Quote))).Append('\n');

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
}
