using System.Text;

namespace MLNetDeep;

/// <summary>The kinds of leakage <see cref="LeakageReport"/> looks for.</summary>
public enum LeakageKind
{
    /// <summary>Rows of the held-out set equal a training row (features and label).</summary>
    DuplicateRows,

    /// <summary>A single feature almost predicts the label in the training rows (AUC ≥ 0.99, R² ≥ 0.98, binned accuracy ≥ 0.99).</summary>
    SingleFeature,

    /// <summary>A group (the group column's value) has rows in both sets.</summary>
    GroupSpan,
}

/// <summary>One leakage warning with its specifics.</summary>
/// <param name="Kind">What was found.</param>
/// <param name="Message">What was found, where and what to do, in one paragraph.</param>
/// <param name="Examples">Examples: 0-based held-out row numbers, features as "name (slot i, AUC 0.998)", or group values.</param>
/// <param name="Figures">The counts and scores behind the message, by name.</param>
public sealed record LeakageFinding(LeakageKind Kind, string Message, IReadOnlyList<string> Examples, IReadOnlyDictionary<string, double> Figures);

/// <summary>
/// The result of <see cref="LeakageCatalog.CheckLeakage"/> (or of a test-once workflow's fit): one finding per leak
/// found, none when the data is clean.
/// </summary>
/// <param name="Findings">The warnings, in the order the checks ran.</param>
/// <param name="Checks">What was compared, for example "training vs test: duplicate rows, single feature".</param>
/// <param name="Notes">Checks that could not run and why.</param>
public sealed record LeakageReport(IReadOnlyList<LeakageFinding> Findings, IReadOnlyList<string> Checks, IReadOnlyList<string> Notes)
{
    /// <summary>Whether any check found leakage.</summary>
    public bool HasLeakage => Findings.Count > 0;

    /// <summary>The findings of one kind.</summary>
    public IEnumerable<LeakageFinding> Of(LeakageKind kind) => Findings.Where(f => f.Kind == kind);

    /// <summary>One line per check run, finding and note.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(HasLeakage ? $"Leakage check: {Findings.Count} warning(s)" : "Leakage check: no leakage found").AppendLine();
        foreach (string check in Checks)
            text.Append("  checked ").AppendLine(check);
        foreach (var finding in Findings)
            text.Append("  WARN ").AppendLine(finding.Message);
        foreach (string note in Notes)
            text.Append("  note: ").AppendLine(note);
        return text.ToString();
    }
}
