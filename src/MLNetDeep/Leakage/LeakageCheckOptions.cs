using Microsoft.ML;

namespace MLNetDeep;

/// <summary>
/// What <see cref="LeakageCatalog.CheckLeakage"/> compares. The label's type decides the single-feature score:
/// Boolean, binary (AUC); a key, multiclass (binned accuracy); Single, regression (R²).
/// </summary>
public sealed class LeakageCheckOptions
{
    /// <summary>The label column: Boolean, a key or Single. Default "Label".</summary>
    public string LabelColumnName { get; set; } = DefaultColumnNames.Label;

    /// <summary>
    /// The feature column the trainer sees: a known-size vector of Single without infinite values; NaN values are
    /// missing values (the single-feature scores see them imputed, as DeepMlp does, with an indicator per slot that has
    /// some). Default "Features". Null skips the duplicate-row and single-feature checks.
    /// </summary>
    public string? FeatureColumnName { get; set; } = DefaultColumnNames.Features;

    /// <summary>Optional scalar column of any type naming each row's group (a patient, a user, a session); null (the default) skips the group check.</summary>
    public string? GroupColumnName { get; set; }

    /// <summary>A copy of these options.</summary>
    public LeakageCheckOptions Clone() => (LeakageCheckOptions)MemberwiseClone();

    /// <summary>Throws, listing every violation in one message, when a column name is empty.</summary>
    /// <exception cref="ArgumentException">A column name is empty or white space.</exception>
    public void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(LabelColumnName))
            problems.Add("LabelColumnName is empty; name the label column.");
        if (FeatureColumnName is not null && string.IsNullOrWhiteSpace(FeatureColumnName))
            problems.Add("FeatureColumnName is empty; name the feature column, or set it to null to skip the feature checks.");
        if (GroupColumnName is not null && string.IsNullOrWhiteSpace(GroupColumnName))
            problems.Add("GroupColumnName is empty; name the group column, or leave it null.");
        if (problems.Count > 0)
            throw new ArgumentException(string.Join(" ", problems), nameof(LeakageCheckOptions));
    }
}
