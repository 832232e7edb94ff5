using System.Globalization;

namespace MLNetDeep.Checkpoints;

/// <summary>A checkpoint read from disk.</summary>
internal sealed record StoredCheckpoint(string Path, CheckpointMeta Meta, IReadOnlyDictionary<string, byte[]> Sections)
{
    public static StoredCheckpoint Read(string path)
    {
        var sections = CheckpointFile.Read(path);
        return new StoredCheckpoint(path, CheckpointMeta.From(sections, path), sections);
    }
}

/// <summary>Finds the checkpoint <see cref="DeepMlpOptionsBase.ResumeFromCheckpoint"/> means.</summary>
internal static class CheckpointLocator
{
    /// <summary>
    /// The checkpoint at <paramref name="path"/>: the file itself, or the latest valid one in the folder (by ensemble
    /// member, then epoch; an every-N-epochs one before an on-best one of the same epoch). Damaged files in a folder are
    /// skipped, each with a warning in <paramref name="warnings"/>. Null for a folder without checkpoints.
    /// </summary>
    /// <exception cref="FileNotFoundException">The path is neither a file nor a folder.</exception>
    /// <exception cref="InvalidDataException">The path is a damaged or foreign file.</exception>
    public static StoredCheckpoint? Find(string path, ICollection<string> warnings)
    {
        if (File.Exists(path))
            return StoredCheckpoint.Read(path);
        if (!Directory.Exists(path))
            throw new FileNotFoundException($"ResumeFromCheckpoint is '{path}', which is neither a checkpoint file nor a folder. "
                + "Pass a .ckpt file or the CheckpointDirectory of the run to continue.", path);

        // Only the metadata of each is kept while choosing; the chosen one is read again.
        var found = new List<(string File, CheckpointMeta Meta)>();
        foreach (string file in Directory.EnumerateFiles(path, "*" + CheckpointFile.Extension).Order(StringComparer.Ordinal))
        {
            try
            {
                found.Add((file, StoredCheckpoint.Read(file).Meta));
            }
            catch (Exception e) when (e is InvalidDataException or IOException or System.Text.Json.JsonException)
            {
                warnings.Add($"Skipped checkpoint '{file}': {e.Message}");
            }
        }
        var latest = found
            .OrderByDescending(c => c.Meta.Member)
            .ThenByDescending(c => c.Meta.Epoch)
            .ThenBy(c => c.Meta.IsBest)
            .ThenByDescending(c => c.Meta.Written)
            .FirstOrDefault();
        return latest.File is null ? null : StoredCheckpoint.Read(latest.File);
    }

    /// <summary>The file name of a checkpoint: <c>epoch-0007.ckpt</c>, <c>best.ckpt</c>, with <c>member-02-</c> in front for ensembles.</summary>
    public static string FileName(int member, int memberCount, int epoch, bool isBest)
    {
        string prefix = memberCount > 1 ? string.Create(CultureInfo.InvariantCulture, $"member-{member + 1:D2}-") : "";
        return prefix + (isBest ? "best" : string.Create(CultureInfo.InvariantCulture, $"epoch-{epoch:D4}")) + CheckpointFile.Extension;
    }
}
