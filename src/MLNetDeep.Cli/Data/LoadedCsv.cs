using Microsoft.ML;

namespace MLNetDeep.Cli.Data;

/// <summary>A user's CSV file as read (<see cref="Table"/>) and as ML.NET loads it (<see cref="Data"/>, from a normalized temporary copy deleted on dispose).</summary>
/// <param name="Table">The file as read.</param>
/// <param name="Data">The rows with the model's input columns.</param>
/// <param name="TemporaryPath">The normalized copy ML.NET reads.</param>
public sealed record LoadedCsv(CsvTable Table, IDataView Data, string TemporaryPath) : IDisposable
{
    /// <summary>Deletes the temporary copy.</summary>
    public void Dispose() => File.Delete(TemporaryPath);
}
