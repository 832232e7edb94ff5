using MLNetDeep.Data;

namespace MLNetDeep.Models;

/// <summary>
/// The file ML.NET's <c>OnnxTransformer</c> reads a fitted model's ONNX graph from. It is written owner-only and
/// named with the process id, and it exists only while it is read: ONNX Runtime reads it once when the session is
/// built, and ML.NET reads it back by path whenever the model is saved, so it is deleted right after each of those
/// (<see cref="WhilePresent"/>) and written again from memory for the next save. Where the system refuses to delete a
/// file in use (Windows), it goes when the session is released or the model is collected. The next fit deletes the
/// files of processes that were killed (<see cref="DeleteLeftovers"/>).
/// </summary>
internal sealed class ScoringModelFile : IDisposable
{
    private const string Prefix = "mlnetdeep-", Extension = ".onnx";
    private readonly byte[] _onnx;
    private readonly Lock _gate = new();

    public ScoringModelFile(byte[] onnx, string? directory)
    {
        _onnx = onnx;
        Path = System.IO.Path.Combine(directory ?? System.IO.Path.GetTempPath(), $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid():N}{Extension}");
        Write();
    }

    ~ScoringModelFile() => TryDelete();

    /// <summary>The file's path, which ML.NET keeps as the model's file name.</summary>
    public string Path { get; }

    /// <summary>Runs <paramref name="read"/> (building the session, or saving) with the file present, then deletes it.</summary>
    public T WhilePresent<T>(Func<T> read)
    {
        lock (_gate)
        {
            if (!File.Exists(Path))
                Write();
            try
            {
                return read();
            }
            finally
            {
                TryDelete();
            }
        }
    }

    /// <summary>Deletes the file (once the session is closed, even where files in use cannot be deleted).</summary>
    public void Dispose()
    {
        TryDelete();
        GC.SuppressFinalize(this);
    }

    /// <summary>Deletes model files in <paramref name="directory"/> (null: the temporary folder) left by processes that no longer run.</summary>
    public static void DeleteLeftovers(string? directory) =>
        PrivateFiles.DeleteLeftovers(directory ?? System.IO.Path.GetTempPath(), Prefix + "*" + Extension,
            name => name[Prefix.Length..].Split('-') is [var id, _] ? id : null);

    private void Write()
    {
        using var stream = PrivateFiles.Create(Path, FileMode.Create, FileShare.Read);
        stream.Write(_onnx);
    }

    private void TryDelete()
    {
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // In use where open files cannot be deleted: Dispose or the finalizer tries again.
        }
        catch (UnauthorizedAccessException)
        {
            // Same, on some systems.
        }
    }
}
