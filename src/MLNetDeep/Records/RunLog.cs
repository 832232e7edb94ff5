using System.Text;

namespace MLNetDeep.Records;

/// <summary>Appends run records, one JSON object per line, to the file the options name (see <see cref="DeepMlpOptionsBase.RunLogPath"/>).</summary>
internal static class RunLog
{
    public const string FileName = "runs.jsonl";

    /// <summary>The run log of these options, or null for none.</summary>
    public static string? PathOf(DeepMlpOptionsBase options) =>
        options.RunLogPath ?? (options.CheckpointDirectory is { } folder ? Path.Combine(folder, FileName) : null);

    /// <summary>Appends <paramref name="record"/> as one line, written in one call so lines of concurrent fits do not interleave.</summary>
    public static void Append(string path, RunRecord record)
    {
        byte[] line = Encoding.UTF8.GetBytes(record.ToJson() + "\n");
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        stream.Write(line);
    }
}
