using MLNetDeep.Data;

namespace MLNetDeep.Models;

/// <summary>
/// The file ML.NET's <c>OnnxTransformer</c> reads a fitted model's ONNX graph from. It lives in a folder of its own,
/// created owner-only (so nobody else can plant or swap a file at its path between reads) and named with the process
/// id, and exists only while it is read: ONNX Runtime reads it once when the session is built, and ML.NET reads it
/// back by path whenever the model is saved, so it is deleted right after each (<see cref="WhilePresent"/>) and
/// written again from memory for the next save. Where the system refuses to delete a file in use (Windows), it goes
/// when the session is released or the model is collected. The folder goes with <see cref="Dispose"/> or the
/// finalizer; the next fit deletes the folders of processes that were killed (<see cref="DeleteLeftovers"/>).
/// </summary>
internal sealed class ScoringModelFile : IDisposable
{
    private const string Prefix = "mlnetdeep-", Suffix = ".onnx.d";
    private readonly byte[] _onnx;
    private readonly string _folder;
    private readonly Lock _gate = new();

    public ScoringModelFile(byte[] onnx, string? directory)
    {
        _onnx = onnx;
        _folder = System.IO.Path.Combine(directory ?? System.IO.Path.GetTempPath(), $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid():N}{Suffix}");
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(_folder);
        else
            Directory.CreateDirectory(_folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Path = System.IO.Path.Combine(_folder, "model.onnx");
    }

    ~ScoringModelFile() => Delete();

    /// <summary>The file's path, which ML.NET keeps as the model's file name.</summary>
    public string Path { get; }

    /// <summary>Runs <paramref name="read"/> (building the session, or saving) with the file present, then deletes it.</summary>
    public T WhilePresent<T>(Func<T> read)
    {
        lock (_gate)
        {
            if (!File.Exists(Path))
            {
                using var stream = PrivateFiles.Create(Path, FileMode.CreateNew, FileShare.Read);
                stream.Write(_onnx);
            }
            try
            {
                return read();
            }
            finally
            {
                TryDelete(() => File.Delete(Path));
            }
        }
    }

    /// <summary>Saves <paramref name="chain"/> into <paramref name="context"/> while the file is present (ML.NET's ONNX transform copies the graph from it).</summary>
    public void Save(Microsoft.ML.ICanSaveModel chain, Microsoft.ML.ModelSaveContext context) => WhilePresent(() =>
    {
        chain.Save(context);
        return true;
    });

    /// <summary>Deletes the file and its folder (once the session is closed, even where files in use cannot be deleted).</summary>
    public void Dispose()
    {
        lock (_gate)
            Delete();
        GC.SuppressFinalize(this);
    }

    /// <summary>Deletes model folders in <paramref name="directory"/> (null: the temporary folder) left by processes that no longer run.</summary>
    public static void DeleteLeftovers(string? directory) =>
        PrivateFiles.DeleteLeftoverFolders(directory ?? System.IO.Path.GetTempPath(), Prefix + "*" + Suffix,
            name => name[Prefix.Length..].Split('-') is [var id, _] ? id : null);

    private void Delete() => TryDelete(() => Directory.Delete(_folder, recursive: true));

    private static void TryDelete(Action delete)
    {
        try
        {
            delete();
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
        catch (IOException)
        {
            // In use where open files cannot be deleted: Dispose or the finalizer tries again.
        }
        catch (UnauthorizedAccessException)
        {
            // Same, on some systems; or another user's folder.
        }
    }
}
