using System.Globalization;

namespace MLNetDeep;

/// <summary>One problem <see cref="TrainingHistory.Diagnose"/> found (or could not check), with its evidence and remedies.</summary>
/// <param name="Problem">What the finding is about.</param>
/// <param name="Severity">Info, Warning or Serious.</param>
/// <param name="Summary">One line with the figures, for people.</param>
/// <param name="Evidence">The measured values by name (for example <c>"best validation epoch"</c>), invariant of culture.</param>
/// <param name="Remedies">Concrete changes, most option assignments such as <c>DropoutRate = 0.3</c>; empty for Info.</param>
/// <param name="Checked">False when the rule could not run (no instrumentation, no validation data); the summary says what it needs.</param>
public sealed record TrainingFinding(
    TrainingProblem Problem, FindingSeverity Severity, string Summary, IReadOnlyDictionary<string, double> Evidence, IReadOnlyList<string> Remedies, bool Checked = true)
{
    /// <summary>The finding as one line, then one line per remedy.</summary>
    public override string ToString()
    {
        string line = string.Create(CultureInfo.InvariantCulture, $"{Label(Severity),-7}  {Problem,-20} {Summary}");
        return string.Concat(Remedies.Select(r => Environment.NewLine + new string(' ', 31) + "remedy: " + r).Prepend(line));
    }

    internal static string Label(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Serious => "SERIOUS",
        FindingSeverity.Warning => "WARNING",
        _ => "INFO",
    };

    /// <summary>The Info finding of a rule that could not run.</summary>
    internal static TrainingFinding NotChecked(TrainingProblem problem, string why, params string[] remedies) =>
        new(problem, FindingSeverity.Info, "Not checked: " + why, new Dictionary<string, double>(), remedies, Checked: false);
}
