namespace MLNetDeep.Cli.Data;

/// <summary>
/// The test rows <c>mlnetdeep train</c> sets aside before anything is fitted: a seeded share of the rows, stratified by
/// the label for classification (each class gives round(its rows × fraction), keeping at least one row for training).
/// </summary>
public static class HoldoutSplit
{
    /// <summary>Splits the row indices of <paramref name="table"/> into development (training + validation) and test rows, each in file order.</summary>
    /// <param name="table">The dataset.</param>
    /// <param name="label">The label (stratifies classification).</param>
    /// <param name="testFraction">Share of the rows for the test set, in (0, 1).</param>
    /// <param name="seed">The shuffle's seed.</param>
    /// <exception cref="UserInputException">The test or development set would be empty.</exception>
    public static (int[] Development, int[] Test) Split(CsvTable table, LabelInfo label, double testFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(label);
        var random = new Random(seed);
        var strata = label.Task == TaskKind.Regression
            ? [Enumerable.Range(0, table.Rows.Count).ToArray()]
            : Enumerable.Range(0, table.Rows.Count).GroupBy(r => table.Rows[r][label.Index].Trim(), StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.ToArray()).ToList();
        var test = new List<int>();
        foreach (int[] rows in strata)
        {
            random.Shuffle(rows);
            int count = Math.Min(rows.Length - 1, (int)Math.Round(rows.Length * testFraction, MidpointRounding.AwayFromZero));
            test.AddRange(rows.Take(count));
        }
        if (test.Count == 0 || test.Count == table.Rows.Count)
            throw new UserInputException($"'{table.Path}' has {table.Rows.Count} rows, too few to set {testFraction:P0} aside for the test; add rows.");
        var inTest = test.ToHashSet();
        return ([.. Enumerable.Range(0, table.Rows.Count).Where(r => !inTest.Contains(r))], [.. test.Order()]);
    }
}
