using System.Globalization;
using System.Text;

namespace MLNetDeep;

/// <summary>
/// What <see cref="TrainingHistory.Diagnose"/> found: the findings ranked by severity (Serious first; within a severity in
/// the order of <see cref="TrainingProblem"/>), at most one per problem. <see cref="ToString"/> renders a text report and
/// <see cref="ToMarkdown"/> a Markdown one to paste into an issue or a report.
/// </summary>
public sealed class TrainingDiagnosis
{
    internal TrainingDiagnosis(IEnumerable<TrainingFinding> findings, int epochs, long steps, int layerRecords)
    {
        Findings = [.. findings.OrderByDescending(f => f.Severity).ThenBy(f => f.Problem)];
        Heading = string.Create(CultureInfo.InvariantCulture,
            $"Training diagnosis: {epochs} epochs, {steps} steps, {(layerRecords > 0 ? $"{layerRecords} layer statistics records" : "no gradient statistics (GradientStatisticsEveryNSteps = 0)")}");
    }

    /// <summary>What the diagnosis read: epochs, steps and whether gradient statistics were recorded.</summary>
    public string Heading { get; }

    /// <summary>The findings, most severe first.</summary>
    public IReadOnlyList<TrainingFinding> Findings { get; }

    /// <summary>The finding about <paramref name="problem"/>, or null when there is none.</summary>
    public TrainingFinding? this[TrainingProblem problem] => Findings.FirstOrDefault(f => f.Problem == problem);

    /// <summary>The findings at <paramref name="severity"/> or above.</summary>
    public IReadOnlyList<TrainingFinding> AtLeast(FindingSeverity severity) => [.. Findings.Where(f => f.Severity >= severity)];

    /// <summary>The heading, then one line per finding with its remedies.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Heading);
        foreach (var finding in Findings)
            text.AppendLine().Append("  ").Append(finding.ToString().Replace(Environment.NewLine, Environment.NewLine + "  ", StringComparison.Ordinal));
        if (Findings.Count == 0)
            text.AppendLine().Append("  no findings");
        return text.ToString();
    }

    /// <summary>
    /// The diagnosis as Markdown: a level-2 heading, the heading line, a table (severity, problem, evidence, remedies)
    /// and, when <paramref name="plotsFolder"/> is given, an image link to every PNG file in it (sorted by name; for
    /// example those <c>history.SavePlots(folder)</c> of MLNetDeep.Plots wrote), written as
    /// <c>![name](linkFolder/file.png)</c>. MLNetDeep.Plots' <c>history.SaveDiagnosis(folder)</c> writes the plots and
    /// this Markdown together.
    /// </summary>
    /// <param name="plotsFolder">A folder of plots to link, or null for none; a missing folder links nothing.</param>
    /// <param name="linkFolder">
    /// The folder as the links should name it, relative to where the Markdown will live (empty: the same folder); null
    /// (default) uses <paramref name="plotsFolder"/> as given.
    /// </param>
    public string ToMarkdown(string? plotsFolder = null, string? linkFolder = null)
    {
        var text = new StringBuilder("## Training diagnosis\n\n").Append(Heading).Append("\n\n");
        if (Findings.Count == 0)
            text.Append("No findings.\n");
        else
        {
            text.Append("| Severity | Problem | Evidence | Remedies |\n|---|---|---|---|\n");
            foreach (var f in Findings)
            {
                string remedies = f.Remedies.Count == 0 ? "" : string.Join("<br>", f.Remedies.Select(r => Escape(r)));
                text.Append(CultureInfo.InvariantCulture, $"| {f.Severity} | {f.Problem} | {Escape(f.Summary)} | {remedies} |\n");
            }
        }
        foreach (string file in PlotFiles(plotsFolder))
        {
            string prefix = (linkFolder ?? plotsFolder!).TrimEnd('/', '\\');
            string link = prefix.Length == 0 ? Path.GetFileName(file) : prefix + "/" + Path.GetFileName(file);
            text.Append('\n').Append(CultureInfo.InvariantCulture, $"![{Path.GetFileNameWithoutExtension(file)}]({link.Replace('\\', '/').Replace(" ", "%20", StringComparison.Ordinal)})\n");
        }
        return text.ToString();
    }

    private static IEnumerable<string> PlotFiles(string? folder) =>
        folder is not null && Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.png").Order(StringComparer.Ordinal)
            : [];

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
