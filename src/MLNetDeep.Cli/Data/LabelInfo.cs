namespace MLNetDeep.Cli.Data;

/// <summary>The label column and the task it implies.</summary>
/// <param name="Name">The label column's name.</param>
/// <param name="Index">Its 0-based position.</param>
/// <param name="Task">Binary, multiclass or regression (never <see cref="TaskKind.Auto"/>).</param>
/// <param name="Classes">Classification: the class values in order (binary: negative, then positive); regression: empty.</param>
/// <param name="Reason">Why this task ("inferred: two values", "from --task").</param>
public sealed record LabelInfo(string Name, int Index, TaskKind Task, IReadOnlyList<string> Classes, string Reason)
{
    private static readonly string[] PositiveWords = ["true", "yes", "1", "y", "t", "positive", "pos"];

    /// <summary>Finds the label column and infers (or checks) the task.</summary>
    /// <param name="table">The dataset (rows with a missing label are already removed).</param>
    /// <param name="label">The <c>--label</c> value.</param>
    /// <param name="task">The <c>--task</c> value.</param>
    /// <exception cref="UserInputException">The column is unknown, has a single value, or does not fit the task.</exception>
    public static LabelInfo Infer(CsvTable table, string label, TaskKind task)
    {
        ArgumentNullException.ThrowIfNull(table);
        int index = Find(table, label);
        var values = table.Rows.Select(r => r[index].Trim()).ToList();
        var distinct = values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0)
            throw new UserInputException($"Label column '{label}' of '{table.Path}' has no values; fill it in.");
        if (distinct.Count == 1)
            throw new UserInputException($"Label column '{label}' holds the single value '{distinct[0]}' in all {values.Count} rows; a model needs at least two values. Check --label, or add rows of the other classes.");
        bool numeric = values.All(v => ColumnValues.TryParseNumber(v, out _));
        string reason = "from --task";
        if (task == TaskKind.Auto)
        {
            (task, reason) = distinct.Count == 2 ? (TaskKind.Binary, "inferred: two values")
                : !numeric ? (TaskKind.Multiclass, $"inferred: {distinct.Count} text values")
                : distinct.Count <= 100 && values.All(v => double.TryParse(v, System.Globalization.CultureInfo.InvariantCulture, out double d) && d == Math.Floor(d))
                    ? (TaskKind.Multiclass, $"inferred: {distinct.Count} distinct integers")
                    : (TaskKind.Regression, "inferred: numbers");
        }
        switch (task)
        {
            case TaskKind.Binary when distinct.Count != 2:
                throw new UserInputException($"--task binary needs a label with two values, but '{label}' has {distinct.Count} ({Preview(distinct)}); use --task multiclass or --task regression.");
            case TaskKind.Binary:
                return new LabelInfo(label, index, task, Positive(distinct[0]) && !Positive(distinct[1]) ? [distinct[1], distinct[0]] : distinct, reason);
            case TaskKind.Regression:
                ColumnTypeInference.RequireNumbers(table, index, $"--task regression needs a numeric label '{label}'", "or use --task multiclass");
                return new LabelInfo(label, index, task, [], reason);
            default:
                IReadOnlyList<string> classes = numeric ? [.. distinct.OrderBy(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture))] : distinct;
                return new LabelInfo(label, index, task, classes, reason);
        }
    }

    /// <summary>The index of column <paramref name="label"/>; throws, listing the columns, when there is none.</summary>
    /// <param name="table">The dataset.</param>
    /// <param name="label">The <c>--label</c> value.</param>
    /// <exception cref="UserInputException">No such column.</exception>
    public static int Find(CsvTable table, string label)
    {
        ArgumentNullException.ThrowIfNull(table);
        int index = table.IndexOf(label);
        if (index < 0)
        {
            var similar = table.Header.FirstOrDefault(h => string.Equals(h, label, StringComparison.OrdinalIgnoreCase));
            throw new UserInputException($"Label column '{label}' is not in '{table.Path}'{(similar is null ? "" : $" (did you mean '{similar}'?)")}; the columns are: {string.Join(", ", table.Header)}.");
        }
        return index;
    }

    private static bool Positive(string value) => PositiveWords.Contains(value.ToLowerInvariant());

    private static string Preview(List<string> values) => string.Join(", ", values.Take(5)) + (values.Count > 5 ? ", ..." : "");
}
