using System.Globalization;
using Microsoft.ML;

namespace MLNetDeep;

/// <summary>How a test-once workflow (<see cref="TestOnceCatalog"/>) splits its data and which columns it reads.</summary>
public sealed class TestOnceOptions
{
    /// <summary>The label column; classification splits are stratified by its values. Default "Label".</summary>
    public string LabelColumnName { get; set; } = DefaultColumnNames.Label;

    /// <summary>
    /// The feature column the trainer sees after the pipeline's transforms; the workflow's leakage checks read it from
    /// the fitted model's output. Default "Features". Null skips the duplicate-row and single-feature checks.
    /// </summary>
    public string? FeatureColumnName { get; set; } = DefaultColumnNames.Features;

    /// <summary>Share of the rows for validation (early stopping, tuning, model choice), in (0, 1). Default 0.15.</summary>
    public double ValidationFraction { get; set; } = 0.15;

    /// <summary>Share of the rows for the one test score, in (0, 1); with <see cref="ValidationFraction"/> below 1. Default 0.15.</summary>
    public double TestFraction { get; set; } = 0.15;

    /// <summary>
    /// Optional scalar column of any type naming each row's group (a patient, a user): every group then lies entirely in
    /// one set, and classification splits are not stratified. Null (the default) splits rows.
    /// </summary>
    public string? GroupColumnName { get; set; }

    /// <summary>
    /// Seed of the split. Null (the default) draws it from the <see cref="MLContext"/>'s seeded generator, as DeepMlp
    /// trainers draw theirs, so a context created with a seed splits the same way every run; when the context cannot be
    /// reached, seed 0.
    /// </summary>
    public int? Seed { get; set; }

    /// <summary>A copy of these options.</summary>
    public TestOnceOptions Clone() => (TestOnceOptions)MemberwiseClone();

    /// <summary>Throws, listing every violation in one message, when an option is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(LabelColumnName))
            problems.Add("LabelColumnName is empty; name the label column.");
        if (FeatureColumnName is not null && string.IsNullOrWhiteSpace(FeatureColumnName))
            problems.Add("FeatureColumnName is empty; name the feature column, or set it to null to skip the feature leakage checks.");
        if (GroupColumnName is not null && string.IsNullOrWhiteSpace(GroupColumnName))
            problems.Add("GroupColumnName is empty; name the group column, or leave it null.");
        if (!(ValidationFraction > 0 && ValidationFraction < 1))
            problems.Add(Invariant($"ValidationFraction is {ValidationFraction}, but must be strictly between 0 and 1 (0.15 is usual)."));
        if (!(TestFraction > 0 && TestFraction < 1))
            problems.Add(Invariant($"TestFraction is {TestFraction}, but must be strictly between 0 and 1 (0.15 is usual)."));
        else if (ValidationFraction > 0 && ValidationFraction + TestFraction >= 1)
            problems.Add(Invariant($"ValidationFraction + TestFraction is {ValidationFraction + TestFraction}, but must be below 1 to leave rows for training."));
        if (problems.Count > 0)
            throw new ArgumentOutOfRangeException(nameof(TestOnceOptions), string.Join(" ", problems));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
