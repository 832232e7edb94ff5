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
/// The test-once split, seeded. Without groups: the rows are bucketed by stratum (the label's value for classification;
/// one bucket for regression), buckets in ordinal order of the value; each bucket is shuffled with one
/// <see cref="Random"/>(seed) in turn. The totals round(N × test fraction) and round(N × validation fraction) are
/// shared out over the strata by largest remainder (ties in a seeded order), never taking a stratum's last training
/// row; each bucket gives its first share to test, the next to validation and the rest to training. With groups: the
/// distinct group values, in order of first appearance, are shuffled with <see cref="Random"/>(seed); whole groups go
/// to test until it holds round(rows × test fraction) rows or more, then to validation likewise, then to training (no
/// stratification; each set can overshoot its share by one group).
/// </summary>
internal static class TestOnceSplit
{
    /// <summary>Label values noted one by one at most; more are summarized in one note.</summary>
    private const int MaxRareNotes = 5;

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

    /// <summary>
    /// Notes on a grouped classification split, which never reads the label: label values without training rows, and
    /// a validation or test set that holds a single label value.
    /// </summary>
    public static List<string> GroupedLabelNotes(SplitSet[] sets, string[] labels, string labelColumnName)
    {
        var notes = new List<string>();
        var training = Enumerable.Range(0, sets.Length).Where(i => sets[i] == SplitSet.Training).Select(i => labels[i]).ToHashSet(StringComparer.Ordinal);
        foreach (string value in labels.Distinct(StringComparer.Ordinal).Where(v => !training.Contains(v)).Order(StringComparer.Ordinal))
        {
            notes.Add($"Label value '{value}' of '{labelColumnName}' has no training rows: the grouped split does not look at the label, and every group "
                + "with this value went to validation or test, so the model cannot learn it. Use more groups, or another seed or other fractions.");
        }
        foreach ((SplitSet set, string name) in new[] { (SplitSet.Validation, "validation"), (SplitSet.Test, "test") })
        {
            var values = Enumerable.Range(0, sets.Length).Where(i => sets[i] == set).Select(i => labels[i]).Distinct(StringComparer.Ordinal).ToList();
            if (values.Count == 1)
            {
                notes.Add($"The {name} rows all have label value '{values[0]}' of '{labelColumnName}' (the grouped split does not look at the label): "
                    + "metrics that compare classes (AUC, F1, per-class scores) say little or cannot be computed there. Use more groups, or another seed or other fractions.");
            }
        }
        return notes;
    }

    private static void AssignStrata(SplitSet[] sets, string[]? strata, double validationFraction, double testFraction, Random random, List<string> notes)
    {
        var buckets = strata is null
            ? [("", Enumerable.Range(0, sets.Length).ToArray())]
            : Enumerable.Range(0, sets.Length).GroupBy(i => strata[i], StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (g.Key, g.ToArray())).ToList();
        foreach ((_, int[] rows) in buckets)
            random.Shuffle(rows);
        int[] sizes = [.. buckets.Select(b => b.Item2.Length)];
        // Ties between equal remainders go to strata in a seeded order drawn after the row shuffles.
        int[] priority = [.. Enumerable.Range(0, sizes.Length)];
        random.Shuffle(priority);
        int[] test = Allocate(sizes, new int[sizes.Length], Round(sets.Length * testFraction), testFraction, priority);
        int[] validation = Allocate(sizes, test, Round(sets.Length * validationFraction), validationFraction, priority);
        var rare = new List<string>();
        for (int s = 0; s < buckets.Count; s++)
        {
            (string value, int[] rows) = buckets[s];
            for (int k = 0; k < rows.Length; k++)
                sets[rows[k]] = k < test[s] ? SplitSet.Test : k < test[s] + validation[s] ? SplitSet.Validation : SplitSet.Training;
            if (strata is not null && (test[s] == 0 || validation[s] == 0))
            {
                string missing = test[s] == 0 && validation[s] == 0 ? "the validation and test sets" : test[s] == 0 ? "the test set" : "the validation set";
                rare.Add($"Label value '{value}' has {rows.Length} row(s), too few to appear in every set: it has none in {missing}, so metrics there say nothing about it.");
            }
        }
        if (rare.Count <= MaxRareNotes)
            notes.AddRange(rare);
        else
            notes.Add($"{rare.Count} of the {buckets.Count} label values have too few rows to appear in every set, so metrics there say nothing about them; for example: {string.Join(" ", rare.Take(MaxRareNotes))}");
    }

    /// <summary>
    /// Splits <paramref name="total"/> rows over the strata by largest remainder: each stratum first gets
    /// floor(size × fraction), then the rows left over go one each to the largest remainders (ties: strata with fewer
    /// rows already held out, then <paramref name="priority"/>); no stratum gives up its last training row.
    /// </summary>
    private static int[] Allocate(int[] sizes, int[] taken, int total, double fraction, int[] priority)
    {
        int[] capacity = [.. sizes.Select((n, s) => Math.Max(0, n - 1 - taken[s]))];
        int[] counts = [.. sizes.Select((n, s) => Math.Min((int)Math.Floor(n * fraction), capacity[s]))];
        int left = total - counts.Sum();
        var order = Enumerable.Range(0, sizes.Length)
            .OrderByDescending(s => (sizes[s] * fraction) - Math.Floor(sizes[s] * fraction)).ThenBy(s => taken[s]).ThenBy(s => priority[s]).ToArray();
        while (left > 0)
        {
            int given = 0;
            foreach (int s in order)
            {
                if (left == 0)
                    break;
                if (counts[s] < capacity[s])
                {
                    counts[s]++;
                    left--;
                    given++;
                }
            }
            if (given == 0)
                break;
        }
        return counts;
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
