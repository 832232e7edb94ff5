using System.Globalization;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Leakage;

/// <summary>
/// Reads one scalar column of any type (text, numbers, Boolean, keys, dates) as invariant text per row, in row order:
/// the values the test-once split stratifies or groups by and the group-span check compares. Keys read as their
/// 1-based key number (0 for a missing key).
/// </summary>
internal static class ColumnValues
{
    private static readonly MethodInfo ReadMethod = typeof(ColumnValues).GetMethod(nameof(Read), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <param name="data">The rows.</param>
    /// <param name="columnName">The column to read.</param>
    /// <param name="optionName">The option that names it, for messages (for example "GroupColumnName").</param>
    /// <param name="source">Where the rows come from, for messages (for example "the data").</param>
    public static string[] ReadAsText(IDataView data, string columnName, string optionName, string source)
    {
        var column = Find(data.Schema, columnName, optionName, source);
        var read = ReadMethod.MakeGenericMethod(column.Type.RawType).CreateDelegate<Func<IDataView, DataViewSchema.Column, string[]>>();
        return read(data, column);
    }

    /// <summary>The visible scalar column <paramref name="columnName"/>, or a clear error naming the option.</summary>
    public static DataViewSchema.Column Find(DataViewSchema schema, string columnName, string optionName, string source)
    {
        if (schema.GetColumnOrNull(columnName) is not { IsHidden: false } column)
            throw new ArgumentOutOfRangeException(optionName, $"{optionName} is '{columnName}', but {source} has no such column. "
                + $"Available columns: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name))}.");
        if (column.Type is VectorDataViewType)
            throw new ArgumentOutOfRangeException(optionName, $"{optionName} is '{columnName}', a vector column ({column.Type}) in {source}, but it must be a scalar column (one value per row).");
        return column;
    }

    private static string[] Read<T>(IDataView data, DataViewSchema.Column column)
    {
        var values = new List<string>();
        using var cursor = data.GetRowCursor([column]);
        var get = cursor.GetGetter<T>(column);
        T value = default!;
        while (cursor.MoveNext())
        {
            get(ref value);
            values.Add(value switch
            {
                ReadOnlyMemory<char> text => text.ToString(),
                IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                null => "",
                _ => value.ToString() ?? "",
            });
        }
        return [.. values];
    }
}
