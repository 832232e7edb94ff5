using System.Globalization;

namespace MLNetDeep.Cli.Data;

/// <summary>How the command line reads single CSV values: missing tokens and invariant-culture numbers.</summary>
public static class ColumnValues
{
    private static readonly HashSet<string> MissingTokens = new(StringComparer.OrdinalIgnoreCase) { "", "NA", "N/A", "NaN", "null", "?" };

    /// <summary>True when <paramref name="value"/> stands for a missing value (empty, NA, N/A, NaN, null or ?).</summary>
    /// <param name="value">The field's text.</param>
    public static bool IsMissing(string value) => MissingTokens.Contains(value.Trim());

    /// <summary>Parses a number with the invariant culture (a dot for decimals).</summary>
    /// <param name="value">The field's text.</param>
    /// <param name="number">The number.</param>
    public static bool TryParseNumber(string value, out double number) =>
        double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);
}
