using System.Globalization;

namespace MLNetDeep.TestOnce;

/// <summary>Which set a row belongs to.</summary>
internal enum SplitSet : byte
{
    Training,
    Validation,
    Test,
}

/// <summary>
/// The test-once split, seeded. Without groups: the rows are bucketed by stratum (the label's value for
/// classification; one bucket for regression), buckets in ordinal order of the value; each bucket is shuffled with
/// one <see cref="Random"/>(seed) in turn and gives its first round(n × test fraction) rows to test, the next
/// round(n × validation fraction) to validation (each at most n − 1 together, so every stratum keeps a training row)
/// and the rest to training. With groups: the distinct group values, in order of first appearance, are shuffled with
/// <see cref="Random"/>(seed); whole groups go to test until it holds round(rows × test fraction) rows or more, then to
/// validation likewise, then to training (no stratification; each set can overshoot its share by one group).
/// </summary>
internal static class TestOnceSplit
{
    /// <summary>The set of every row, and notes on strata too small to reach every set.</summary>
    /// <param name="rowCount">Rows in the data.</param>
    /// <param name="strata">Each row's label value for a stratified split; null for a plain shuffle.</param>
    /// <param name="groups">Each row's group value for a grouped split; null for none (then <paramref name="strata"/> applies).</param>
    /// <param name="validationFraction">Share for validation.</param>
    /// <param name="testFraction">Share for test.</param>
    /// <param name="seed">The split's seed.</param>
    public static (SplitSet[] Sets, List<string> Notes) Assign(int rowCount, string[]? strata, string[]? groups, double validationFraction, double testFraction, int seed)
    {
        var sets = new SplitSet[rowCount];
        var notes = new List<string>();
        var random = new Random(seed);
        if (groups is not null)
            AssignGroups(sets, groups, validationFraction, testFraction, random);
        else
            AssignStrata(sets, strata, validationFraction, testFraction, random, notes);
        var counts = Enum.GetValues<SplitSet>().Select(s => sets.Count(x => x == s)).ToArray();
        if (counts.Any(c => c == 0))
        {
            string what = groups is null ? $"{rowCount} rows" : $"{groups.Distinct(StringComparer.Ordinal).Count()} groups of {rowCount} rows";
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"Splitting {what} with ValidationFraction = {validationFraction} and TestFraction = {testFraction} leaves {counts[0]} training, "
                + $"{counts[1]} validation and {counts[2]} test rows; every set needs rows. Use more data (or more groups) or larger fractions."));
        }
        return (sets, notes);
    }

    private static void AssignStrata(SplitSet[] sets, string[]? strata, double validationFraction, double testFraction, Random random, List<string> notes)
    {
        var buckets = strata is null
            ? [("", Enumerable.Range(0, sets.Length).ToArray())]
            : Enumerable.Range(0, sets.Length).GroupBy(i => strata[i], StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (g.Key, g.ToArray())).ToList();
        foreach ((string value, int[] rows) in buckets)
        {
            random.Shuffle(rows);
            int test = Math.Min(Round(rows.Length * testFraction), rows.Length - 1);
            int validation = Math.Min(Round(rows.Length * validationFraction), rows.Length - 1 - test);
            for (int k = 0; k < rows.Length; k++)
                sets[rows[k]] = k < test ? SplitSet.Test : k < test + validation ? SplitSet.Validation : SplitSet.Training;
            if (strata is not null && (test == 0 || validation == 0))
            {
                string missing = test == 0 && validation == 0 ? "the validation and test sets" : test == 0 ? "the test set" : "the validation set";
                notes.Add($"Label value '{value}' has {rows.Length} row(s), too few to appear in every set: it has none in {missing}, so metrics there say nothing about it.");
            }
        }
    }

    private static void AssignGroups(SplitSet[] sets, string[] groups, double validationFraction, double testFraction, Random random)
    {
        var rowsOf = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var order = new List<string>();
        for (int i = 0; i < groups.Length; i++)
        {
            if (!rowsOf.TryGetValue(groups[i], out var rows))
            {
                rowsOf[groups[i]] = rows = [];
                order.Add(groups[i]);
            }
            rows.Add(i);
        }
        string[] shuffled = [.. order];
        random.Shuffle(shuffled);
        int testTarget = Round(sets.Length * testFraction), validationTarget = Round(sets.Length * validationFraction);
        int inTest = 0, inValidation = 0;
        foreach (string group in shuffled)
        {
            var rows = rowsOf[group];
            SplitSet set = inTest < testTarget ? SplitSet.Test : inValidation < validationTarget ? SplitSet.Validation : SplitSet.Training;
            if (set == SplitSet.Test)
                inTest += rows.Count;
            else if (set == SplitSet.Validation)
                inValidation += rows.Count;
            foreach (int row in rows)
                sets[row] = set;
        }
    }

    private static int Round(double value) => (int)Math.Round(value, MidpointRounding.AwayFromZero);
}
