namespace MLNetDeep;

/// <summary>
/// A feature slot that had missing (NaN) values in the training rows: DeepMlp replaced them (<see cref="MissingValueHandling.Impute"/>)
/// and gave the network a missing-indicator input for the slot. Listed by <see cref="DeepMlpModelSummary.MissingValues"/>.
/// </summary>
/// <param name="Slot">The slot's 0-based index in the feature column.</param>
/// <param name="Name">The slot's name (the column's slot names), or <c>Features[i]</c>.</param>
/// <param name="MissingCount">Missing values in the training rows.</param>
/// <param name="Replacement">The value that replaces a missing one, in training and at scoring.</param>
/// <param name="Method"><see cref="Mean"/> or <see cref="Median"/> (the median where the slot's |skewness| &gt; 1).</param>
public sealed record ImputedSlot(int Slot, string Name, long MissingCount, float Replacement, string Method)
{
    /// <summary>The replacement is the mean of the slot's present training values.</summary>
    public const string Mean = "mean";

    /// <summary>The replacement is the median of the slot's present training values (or of a sample of them when the rows were streamed).</summary>
    public const string Median = "median";
}
