using System.Globalization;
using System.Text;

namespace MLNetDeep;

/// <summary>How one check of <see cref="SetupReport"/> came out.</summary>
public enum SetupStatus
{
    /// <summary>Nothing to act on (informational checks such as the baseline always pass).</summary>
    Pass,

    /// <summary>Training may work, but the finding is worth a look; the remedy says what to change.</summary>
    Warn,

    /// <summary>Training as configured is broken or cannot learn; fix it before fitting.</summary>
    Fail,
}

/// <summary>The names of the checks <c>CheckSetup</c> runs, as <see cref="SetupFinding.Name"/> gives them.</summary>
public static class SetupCheckNames
{
    /// <summary>The loss of the initialized network against its expected value (the class prior's entropy; ≈ 1 for standardized regression).</summary>
    public const string InitialLoss = "Initial loss";

    /// <summary>A dropout-free copy of the network drives the loss on 32 training rows below 5% of its initial value within 500 steps.</summary>
    public const string OverfitSmallBatch = "Overfit 32 rows";

    /// <summary>Autograd gradients against float64 central differences.</summary>
    public const string GradientCheck = "Gradient check";

    /// <summary>Features far from mean 0 and standard deviation 1 while <see cref="DeepMlpOptionsBase.StandardizeFeatures"/> is off.</summary>
    public const string FeatureScale = "Feature scale";

    /// <summary>Features with one value in every training row.</summary>
    public const string ConstantFeatures = "Constant features";

    /// <summary>A single feature that almost predicts the label on its own (possible leakage).</summary>
    public const string SingleFeatureLeak = "Single-feature leak";

    /// <summary>Validation rows identical (features and label) to a training row.</summary>
    public const string DuplicateRows = "Duplicate rows";

    /// <summary>The trivial baseline's metric on the validation rows: what the network must beat.</summary>
    public const string Baseline = "Baseline";
}

/// <summary>One check's outcome: its status, the figures it measured and, unless it passed, what to change.</summary>
/// <param name="Name">The check (one of <see cref="SetupCheckNames"/>).</param>
/// <param name="Status">Pass, Warn or Fail.</param>
/// <param name="Summary">One line with the figures, for people.</param>
/// <param name="Figures">The measured values by name (for example <c>"initial loss"</c>, <c>"expected loss"</c>), invariant of culture.</param>
/// <param name="Remedy">The option (or pipeline) change that addresses a Warn or Fail; null when the check passed.</param>
public sealed record SetupFinding(string Name, SetupStatus Status, string Summary, IReadOnlyDictionary<string, double> Figures, string? Remedy = null)
{
    /// <summary>The finding as one or two report lines.</summary>
    public override string ToString()
    {
        string line = string.Create(CultureInfo.InvariantCulture, $"{StatusLabel(Status),-4}  {Name,-20} {Summary}");
        return Remedy is null ? line : line + Environment.NewLine + new string(' ', 27) + "remedy: " + Remedy;
    }

    internal static string StatusLabel(SetupStatus status) => status switch
    {
        SetupStatus.Pass => "PASS",
        SetupStatus.Warn => "WARN",
        _ => "FAIL",
    };
}

/// <summary>
/// What <c>trainer.CheckSetup(...)</c> found: one <see cref="SetupFinding"/> per check, in the order they ran, the
/// decisions it made (notes) and how long it took. <see cref="ToString"/> renders a readable report.
/// </summary>
public sealed class SetupReport
{
    internal SetupReport(string heading, IReadOnlyList<SetupFinding> findings, IReadOnlyList<string> notes, TimeSpan duration)
    {
        Heading = heading;
        Findings = findings;
        Notes = notes;
        Duration = duration;
    }

    /// <summary>The task, rows and seed the checks ran with.</summary>
    public string Heading { get; }

    /// <summary>The findings, in the order the checks ran.</summary>
    public IReadOnlyList<SetupFinding> Findings { get; }

    /// <summary>Decisions made on the user's behalf (the seed, where the validation rows came from).</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>Wall-clock time of the checks, reading the data included.</summary>
    public TimeSpan Duration { get; }

    /// <summary>The worst status of any finding.</summary>
    public SetupStatus Status => Findings.Count == 0 ? SetupStatus.Pass : Findings.Max(f => f.Status);

    /// <summary>The finding of the check named <paramref name="name"/> (see <see cref="SetupCheckNames"/>).</summary>
    /// <exception cref="KeyNotFoundException">No check of that name ran; the message lists those that did.</exception>
    public SetupFinding this[string name] => Findings.FirstOrDefault(f => f.Name == name)
        ?? throw new KeyNotFoundException($"No check named '{name}'. Available: {string.Join(", ", Findings.Select(f => f.Name))}.");

    /// <summary>The report: heading, one line per finding (with its remedy), notes and the overall status.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine(Heading);
        foreach (var finding in Findings)
            text.Append("  ").AppendLine(finding.ToString());
        foreach (string note in Notes)
            text.Append("  note: ").AppendLine(note);
        int warnings = Findings.Count(f => f.Status == SetupStatus.Warn), failures = Findings.Count(f => f.Status == SetupStatus.Fail);
        text.Append(CultureInfo.InvariantCulture, $"Overall: {SetupFinding.StatusLabel(Status)} ({failures} failed, {warnings} warned, ")
            .Append(CultureInfo.InvariantCulture, $"{Findings.Count - failures - warnings} passed) in {Duration.TotalSeconds:F2} s");
        return text.ToString();
    }
}
