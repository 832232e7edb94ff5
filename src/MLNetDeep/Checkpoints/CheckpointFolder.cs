using System.Globalization;
using System.Text.RegularExpressions;

namespace MLNetDeep.Checkpoints;

/// <summary>
/// The folder a fit writes checkpoints to: it must not hold checkpoints this fit would mix with its own, temporary
/// files of killed writers are cleaned up, and only the latest every-N-epochs checkpoints are kept.
/// </summary>
internal static partial class CheckpointFolder
{
    /// <summary>
    /// Creates the folder, refuses one holding another run's checkpoints (or, when resuming from an earlier checkpoint
    /// such as best.ckpt, every-N-epochs ones written after it), then deletes temporary files whose writer has died.
    /// Damaged checkpoints do not count: resuming skipped them with a warning.
    /// </summary>
    /// <exception cref="InvalidOperationException">The folder holds checkpoints that belong to another run.</exception>
    public static void Prepare(string directory, StoredCheckpoint? resume, string newRunNote)
    {
        Directory.CreateDirectory(directory);
        foreach (var (file, meta) in Readable(directory))
        {
            string name = Path.GetFileName(file);
            if (resume is null)
                throw new InvalidOperationException($"CheckpointDirectory '{directory}' already holds checkpoints of another run ('{name}'). {newRunNote}");
            if (CheckpointCompatibility.OtherRun(meta, resume.Meta) is { } difference)
                throw new InvalidOperationException($"CheckpointDirectory '{directory}' holds '{name}' of another run ({difference}) than '{resume.Path}'. "
                    + "Choose another CheckpointDirectory; nothing was deleted.");
            if (!meta.IsBest && (meta.Member, meta.Epoch).CompareTo((resume.Meta.Member, resume.Meta.Epoch)) > 0)
                throw new InvalidOperationException($"CheckpointDirectory '{directory}' holds '{name}', written later in training than '{resume.Path}', "
                    + "the checkpoint this fit resumes from; continuing would mix two runs in one folder. Choose another CheckpointDirectory; nothing was deleted.");
        }
        DeleteLeftovers(directory);
    }

    /// <summary>Deletes all but the latest <paramref name="keep"/> every-N-epochs checkpoints, by (member, epoch).</summary>
    public static void Prune(string directory, int keep)
    {
        var periodic = Directory.EnumerateFiles(directory, "*" + CheckpointFile.Extension)
            .Select(file => (File: file, Position: Position(Path.GetFileName(file))))
            .Where(f => f.Position is not null)
            .OrderBy(f => f.Position)
            .ToList();
        foreach (var (file, _) in periodic.Take(Math.Max(0, periodic.Count - keep)))
            File.Delete(file);
    }

    /// <summary>The readable checkpoints in <paramref name="directory"/> with their metadata (their sections are not kept).</summary>
    public static IEnumerable<(string File, CheckpointMeta Meta)> Readable(string directory)
    {
        foreach (string file in Directory.EnumerateFiles(directory, "*" + CheckpointFile.Extension).Order(StringComparer.Ordinal))
        {
            CheckpointMeta? meta = null;
            try
            {
                meta = StoredCheckpoint.Read(file).Meta;
            }
            catch (Exception e) when (e is InvalidDataException or IOException or System.Text.Json.JsonException)
            {
                // Damaged: not a checkpoint of any run.
            }
            if (meta is not null)
                yield return (file, meta);
        }
    }

    /// <summary>(member, epoch) of an every-N-epochs checkpoint's file name, or null for another file.</summary>
    private static (int Member, int Epoch)? Position(string name)
    {
        var match = PeriodicName().Match(name);
        if (!match.Success)
            return null;
        int member = match.Groups[1].Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return (member, int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>Deletes the temporary files of writers that are no longer running (a live fit's file is left alone).</summary>
    private static void DeleteLeftovers(string directory) =>
        Data.PrivateFiles.DeleteLeftovers(directory, "*" + CheckpointFile.Extension + ".*" + CheckpointFile.TemporarySuffix,
            name => Path.GetExtension(Path.GetFileNameWithoutExtension(name)).TrimStart('.'));

    [GeneratedRegex(@"^(?:member-(\d+)-)?epoch-(\d+)\.ckpt$", RegexOptions.CultureInvariant)]
    private static partial Regex PeriodicName();
}
