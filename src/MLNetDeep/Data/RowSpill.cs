using System.Runtime.InteropServices;

namespace MLNetDeep.Data;

/// <summary>Reads training rows one at a time: a data view cursor, or a spill file of rows already validated.</summary>
internal interface IRowCursor : IDisposable
{
    /// <summary>0-based index of the current row.</summary>
    long Row { get; }

    bool MoveNext();

    void Read(Span<float> features, out float label, out float weight);
}

/// <summary>
/// Rows written once, during the validating first pass, as float32 records [features…, label, weight] to a
/// temporary file that later epochs read sequentially instead of running the data view's loader and transforms
/// again. The file is deleted on dispose; it is readable by the owner only, and named with the process id, so a later
/// fit deletes the files of processes that were killed before they could (<see cref="DeleteLeftovers"/>).
/// </summary>
internal sealed class RowSpill : IDisposable
{
    private const int BufferBytes = 1 << 20;
    private readonly int _featureCount;
    private FileStream? _writer;

    public RowSpill(int featureCount, string? directory)
    {
        _featureCount = featureCount;
        Path = System.IO.Path.Combine(directory ?? System.IO.Path.GetTempPath(), $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid():N}{Extension}");
        _writer = PrivateFiles.Create(Path, FileMode.CreateNew, FileShare.Read, BufferBytes);
    }

    private const string Prefix = "mlnetdeep-";
    private const string Extension = ".rows";

    /// <summary>Deletes spill files in <paramref name="directory"/> (null: the temporary folder) left by processes that no longer run.</summary>
    public static void DeleteLeftovers(string? directory) =>
        PrivateFiles.DeleteLeftovers(directory ?? System.IO.Path.GetTempPath(), Prefix + "*" + Extension,
            name => name[Prefix.Length..].Split('-') is [var id, _] ? id : null);

    public string Path { get; }

    public void Append(ReadOnlySpan<float> features, float label, float weight)
    {
        var writer = _writer ?? throw new InvalidOperationException("The spill file is complete.");
        writer.Write(MemoryMarshal.AsBytes(features));
        ReadOnlySpan<float> tail = [label, weight];
        writer.Write(MemoryMarshal.AsBytes(tail));
    }

    /// <summary>Flushes and closes the writer; readers can open the file from now on.</summary>
    public void Complete()
    {
        _writer?.Dispose();
        _writer = null;
    }

    public IRowCursor OpenReader()
    {
        if (_writer is not null)
            throw new InvalidOperationException("Complete the spill file before reading it.");
        return new Reader(new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferBytes, FileOptions.SequentialScan), _featureCount);
    }

    public void Dispose()
    {
        Complete();
        File.Delete(Path);
    }

    private sealed class Reader(FileStream file, int featureCount) : IRowCursor
    {
        private readonly float[] _record = new float[featureCount + 2];

        public long Row { get; private set; } = -1;

        public bool MoveNext()
        {
            var bytes = MemoryMarshal.AsBytes(_record.AsSpan());
            int read = file.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            if (read == 0)
                return false;
            if (read != bytes.Length)
                throw new InvalidDataException($"The spill file {file.Name} ends inside a row.");
            Row++;
            return true;
        }

        public void Read(Span<float> features, out float label, out float weight)
        {
            _record.AsSpan(0, featureCount).CopyTo(features);
            label = _record[featureCount];
            weight = _record[featureCount + 1];
        }

        public void Dispose() => file.Dispose();
    }
}
