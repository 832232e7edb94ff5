using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Scoring;

namespace MLNetDeep.Cli.Data;

/// <summary>A model.zip written by <c>mlnetdeep train</c>, loaded and verified, with its input columns and task.</summary>
/// <param name="Path">The zip's full path.</param>
/// <param name="Model">The loaded model.</param>
/// <param name="Columns">The input columns (label included), as the model was saved.</param>
/// <param name="Task">Binary, multiclass or regression, read from the model's output columns.</param>
public sealed record ModelFile(string Path, ITransformer Model, IReadOnlyList<DataColumn> Columns, TaskKind Task)
{
    /// <summary>Loads and verifies <paramref name="path"/>.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="path">The <c>--model</c> value.</param>
    /// <exception cref="UserInputException">The file is missing or is not an MLNetDeep model zip.</exception>
    public static ModelFile Load(MLContext mlContext, string path)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        string full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new UserInputException($"--model file '{path}' does not exist (looked for {full}); pass the model.zip that `mlnetdeep train` wrote.");
        SharedSessionModel model;
        DataViewSchema input;
        try
        {
            model = MLNetDeepScoring.LoadModel(mlContext, full, out input, ModelLoading.Options());
        }
        catch (InvalidModelException e)
        {
            throw new UserInputException($"'{path}' is not an MLNetDeep model: {e.Message} Pass a model.zip written by `mlnetdeep train`.", e);
        }
        var columns = DatasetFile.ColumnsOf(input, path);
        var output = model.GetOutputSchema(input);
        TaskKind task = output.GetColumnOrNull("Probability") is not null ? TaskKind.Binary
            : output.GetColumnOrNull("Score") is { Type: VectorDataViewType } ? TaskKind.Multiclass
            : output.GetColumnOrNull("Score") is not null ? TaskKind.Regression
            : throw new UserInputException($"'{path}' has no Score column; it is not a model `mlnetdeep train` writes.");
        return new ModelFile(full, model, columns, task);
    }

    /// <summary>
    /// Reads <paramref name="csvPath"/> with this model's input columns; a column the file lacks is given to the model
    /// empty when <paramref name="optional"/> names it (the returned table is the file as read).
    /// </summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="csvPath">The CSV file.</param>
    /// <param name="what">The option that named the file, for messages.</param>
    /// <param name="optional">A column that may be missing (the label, when predicting).</param>
    /// <param name="dropMissing">A column whose rows with a missing value are left out (the label, when evaluating), or null.</param>
    /// <exception cref="UserInputException">The file is missing, lacks a column the model reads, or holds a value that is not a number in a numeric column.</exception>
    public LoadedCsv Read(MLContext mlContext, string csvPath, string what, string? optional, string? dropMissing = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        var original = CsvTable.Read(csvPath, what);
        if (dropMissing is not null && original.IndexOf(dropMissing) is >= 0 and int at)
        {
            int[] kept = [.. Enumerable.Range(0, original.Rows.Count).Where(r => !ColumnValues.IsMissing(original.Rows[r][at]))];
            original = original with { Rows = [.. kept.Select(r => original.Rows[r])], LineNumbers = [.. kept.Select(r => original.LineNumbers[r])] };
        }
        var table = original;
        var absent = Columns.Where(c => table.IndexOf(c.Name) < 0).Select(c => c.Name).ToList();
        if (absent.Count == 1 && absent[0] == optional)
            table = table with { Header = [.. table.Header, optional], Rows = [.. table.Rows.Select(r => (string[])[.. r, ""])] };
        else if (absent.Count > 0)
            throw new UserInputException($"{what} file '{csvPath}' lacks column(s) {string.Join(", ", absent.Select(a => $"'{a}'"))} that the model reads; its columns are: {string.Join(", ", table.Header)}.");
        string temporary = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"mlnetdeep-{Guid.NewGuid():N}.csv");
        DatasetFile.Write(table, Columns, Enumerable.Range(0, table.Rows.Count), temporary);
        return new LoadedCsv(original, DatasetFile.Load(mlContext, Columns, temporary), temporary);
    }
}
