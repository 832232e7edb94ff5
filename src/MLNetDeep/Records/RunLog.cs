using System.Text;

namespace MLNetDeep.Records;

/// <summary>Appends run records, one JSON object per line, to the file the options name (see <see cref="DeepMlpOptionsBase.RunLogPath"/>).</summary>
internal static class RunLog
{
    public const string FileName = "runs.jsonl";
    private const int Attempts = 100;

    /// <summary>The run log of these options, or null for none; <paramref name="checkpointFolderAccepted"/> false leaves out the checkpoint folder's default log.</summary>
    public static string? PathOf(DeepMlpOptionsBase options, bool checkpointFolderAccepted = true) =>
        options.RunLogPath ?? (options.CheckpointDirectory is { } folder && checkpointFolderAccepted ? Path.Combine(folder, FileName) : null);

    /// <summary>
    /// Appends <paramref name="record"/> as one line under an exclusive lock on the file (an advisory lock on Unix), so the
    /// lines of fits running concurrently, in this process or others, neither interleave nor overwrite each other.
    /// </summary>
    public static void Append(string path, RunRecord record)
    {
        byte[] line = Encoding.UTF8.GetBytes(record.ToJson() + "\n");
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None);
                stream.Seek(0, SeekOrigin.End);
                stream.Write(line);
                return;
            }
            catch (IOException) when (attempt < Attempts && File.Exists(path))
            {
                Thread.Sleep(10);   // another fit holds the lock
            }
        }
    }
}
