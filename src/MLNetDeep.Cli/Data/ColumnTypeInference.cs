namespace MLNetDeep.Cli.Data;

/// <summary>Infers each feature column's <see cref="ColumnKind"/> from its values, honouring <c>--column name:kind</c> overrides.</summary>
public static class ColumnTypeInference
{
    /// <summary>The share of numbers above which a column with other values is taken for a numeric column with typos.</summary>
    public const double MostlyNumbers = 0.95;

    /// <summary>Parses the <c>--column</c> values ("name:numeric|categorical|text|ignore").</summary>
    /// <param name="specs">The option's values.</param>
    /// <param name="table">The dataset, to check the names.</param>
    /// <exception cref="UsageException">A value is not "name:kind" or names an unknown kind.</exception>
    /// <exception cref="UserInputException">A name is not a column of the dataset.</exception>
    public static IReadOnlyDictionary<string, ColumnKind> ParseOverrides(IEnumerable<string> specs, CsvTable table)
    {
        ArgumentNullException.ThrowIfNull(specs);
        ArgumentNullException.ThrowIfNull(table);
        var overrides = new Dictionary<string, ColumnKind>(StringComparer.Ordinal);
        foreach (string spec in specs)
        {
            int colon = spec.LastIndexOf(':');
            if (colon <= 0 || !Enum.TryParse(spec[(colon + 1)..], ignoreCase: true, out ColumnKind kind) || !Enum.IsDefined(kind) || int.TryParse(spec[(colon + 1)..], out _))
                throw new UsageException($"--column '{spec}' is not name:kind; kind is numeric, categorical, text or ignore (for example --column city:categorical).");
            string name = spec[..colon];
            if (table.IndexOf(name) < 0)
                throw new UserInputException($"--column names '{name}', which is not a column of '{table.Path}'; the columns are: {string.Join(", ", table.Header)}.");
            overrides[name] = kind;
        }
        return overrides;
    }

    /// <summary>Profiles every column except <paramref name="labelIndex"/>.</summary>
    /// <param name="table">The dataset.</param>
    /// <param name="labelIndex">The label's column, skipped.</param>
    /// <param name="overrides">Kinds given with <c>--column</c>.</param>
    /// <exception cref="UserInputException">A column declared numeric holds a value that is not a number (the message gives the line and value).</exception>
    public static IReadOnlyList<ColumnProfile> Infer(CsvTable table, int labelIndex, IReadOnlyDictionary<string, ColumnKind> overrides)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(overrides);
        var profiles = new List<ColumnProfile>();
        for (int c = 0; c < table.Header.Count; c++)
        {
            if (c == labelIndex)
                continue;
            string name = table.Header[c];
            var present = table.Rows.Select(r => r[c]).Where(v => !ColumnValues.IsMissing(v)).ToList();
            int distinct = present.Distinct(StringComparer.Ordinal).Count();
            int missing = table.Rows.Count - present.Count;
            if (overrides.TryGetValue(name, out ColumnKind given))
            {
                if (given == ColumnKind.Numeric)
                    RequireNumbers(table, c, $"Column '{name}' was declared numeric (--column {name}:numeric)", $"or declare it categorical (--column {name}:categorical)");
                profiles.Add(new ColumnProfile(name, c, given, distinct, missing, "from --column"));
                continue;
            }
            // Almost all numbers: a stray value is a typo to fix, not a reason to hash the column as categories.
            int numbers = present.Count(v => ColumnValues.TryParseNumber(v, out _));
            if (numbers < present.Count && numbers >= MostlyNumbers * present.Count)
                RequireNumbers(table, c, $"Column '{name}' holds numbers in {numbers} of its {present.Count} values", $"(or mark it missing), or declare the column categorical (--column {name}:categorical)");
            (ColumnKind kind, string reason) = Guess(present, distinct);
            profiles.Add(new ColumnProfile(name, c, kind, distinct, missing, reason));
        }
        return profiles;
    }

    /// <summary>Throws, naming the line, column and value, when a non-missing value of column <paramref name="column"/> is not a number.</summary>
    /// <param name="table">The dataset.</param>
    /// <param name="column">The column index.</param>
    /// <param name="what">The start of the message: why the column must hold numbers.</param>
    /// <param name="fix">The end of the message: the other way out besides fixing the value.</param>
    /// <exception cref="UserInputException">A value is not a number.</exception>
    public static void RequireNumbers(CsvTable table, int column, string what, string fix)
    {
        ArgumentNullException.ThrowIfNull(table);
        for (int r = 0; r < table.Rows.Count; r++)
        {
            string value = table.Rows[r][column];
            if (!ColumnValues.IsMissing(value) && !ColumnValues.TryParseNumber(value, out _))
            {
                throw new UserInputException(
                    $"{what}, but '{table.Path}' line {table.LineNumbers[r]}, column '{table.Header[column]}' holds '{value}', which is not a number; fix the value {fix}.");
            }
        }
    }

    private static (ColumnKind Kind, string Reason) Guess(List<string> present, int distinct)
    {
        if (distinct <= 1)
            return (ColumnKind.Ignore, "inferred: constant");
        if (present.All(v => ColumnValues.TryParseNumber(v, out _)))
        {
            bool identifiers = distinct == present.Count && present.Count > 20 && present.All(v => long.TryParse(v.Trim(), System.Globalization.CultureInfo.InvariantCulture, out _));
            return identifiers ? (ColumnKind.Ignore, "inferred: identifier (distinct integers)") : (ColumnKind.Numeric, "inferred: numbers");
        }
        bool words = present.Count(v => v.Trim().Contains(' ', StringComparison.Ordinal)) > present.Count / 2;
        if (words && distinct > Math.Min(ColumnProfile.OneHotLimit, present.Count / 2))
            return (ColumnKind.Text, "inferred: free text");
        if (distinct == present.Count && present.Count > 20)
            return (ColumnKind.Ignore, "inferred: identifier (every value distinct)");
        return (ColumnKind.Categorical, $"inferred: {distinct} categories");
    }
}
