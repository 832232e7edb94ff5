using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Cli.Data;

/// <summary>
/// The CSV files mlnetdeep writes and ML.NET loads: only the model's columns, comma-separated with a header, quoted where
/// needed, numbers in the invariant culture and missing numbers as empty fields (loaded as NaN).
/// </summary>
public static class DatasetFile
{
    /// <summary>Writes rows <paramref name="rows"/> of <paramref name="table"/>, columns <paramref name="columns"/> only.</summary>
    /// <param name="table">The source table.</param>
    /// <param name="columns">The columns to keep, in order; each must be in the table.</param>
    /// <param name="rows">The row indices to write, in order.</param>
    /// <param name="path">The file to write.</param>
    /// <exception cref="UserInputException">A numeric column holds a value that is not a number (line, column and value named).</exception>
    public static void Write(CsvTable table, IReadOnlyList<DataColumn> columns, IEnumerable<int> rows, string path)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(columns);
        int[] indices = [.. columns.Select(c => table.IndexOf(c.Name))];
        foreach (var column in columns.Where(c => c.Numeric))
            ColumnTypeInference.RequireNumbers(table, table.IndexOf(column.Name), $"Column '{column.Name}' holds numbers", $"or leave it empty when it is missing");
        CsvTable.Write(path, columns.Select(c => c.Name), rows.Select(r => columns.Select((c, i) =>
        {
            string value = table.Rows[r][indices[i]].Trim();
            return c.Numeric && ColumnValues.IsMissing(value) ? "" : value;
        }).ToArray()));
    }

    /// <summary>Loads a file written by <see cref="Write"/>.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="columns">The file's columns, in order.</param>
    /// <param name="path">The file.</param>
    public static IDataView Load(MLContext mlContext, IReadOnlyList<DataColumn> columns, string path)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(columns);
        var loader = mlContext.Data.CreateTextLoader(new TextLoader.Options
        {
            Separators = [','],
            HasHeader = true,
            AllowQuoting = true,
            TrimWhitespace = true,
            MissingRealsAsNaNs = true,
            Columns = [.. columns.Select((c, i) => new TextLoader.Column(c.Name, c.Numeric ? DataKind.Single : DataKind.String, i))],
        });
        return loader.Load(path);
    }

    /// <summary>The model's input columns from a saved input schema (Single → numeric, text → text; others are not supported).</summary>
    /// <param name="schema">The schema saved with the model.</param>
    /// <param name="modelPath">The model's path, for the message.</param>
    /// <exception cref="UserInputException">A column has a type mlnetdeep does not write.</exception>
    public static IReadOnlyList<DataColumn> ColumnsOf(DataViewSchema schema, string modelPath)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var columns = new List<DataColumn>();
        foreach (var column in schema.Where(c => !c.IsHidden))
        {
            if (column.Type == NumberDataViewType.Single)
                columns.Add(new DataColumn(column.Name, true));
            else if (column.Type is TextDataViewType)
                columns.Add(new DataColumn(column.Name, false));
            else
                throw new UserInputException($"'{modelPath}' reads column '{column.Name}' of type {column.Type}, which mlnetdeep cannot load from CSV; use a model written by `mlnetdeep train`.");
        }
        return columns;
    }
}
