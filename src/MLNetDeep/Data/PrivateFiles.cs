using System.Diagnostics;
using System.Globalization;

namespace MLNetDeep.Data;

/// <summary>
/// Files MLNetDeep writes beside a fit (spill files, checkpoints): created readable and writable by the owner only,
/// named with the writing process's id so that the leftovers of a killed process can be told from a live fit's files.
/// </summary>
internal static class PrivateFiles
{
    /// <summary>A new file, owner-only on Unix (Windows files inherit the folder's access rules).</summary>
    public static FileStream Create(string path, FileMode mode, FileShare share, int bufferSize = 4096)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = share, BufferSize = bufferSize };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        return new FileStream(path, options);
    }

    /// <summary>Whether a process with this id is running (a file named with a dead writer's id is a leftover).</summary>
    public static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// Deletes the files in <paramref name="directory"/> matching <paramref name="pattern"/> whose writer, the process id
    /// <paramref name="processIdOf"/> reads from the name, is no longer running; files of live processes are kept.
    /// </summary>
    public static void DeleteLeftovers(string directory, string pattern, Func<string, string?> processIdOf)
    {
        if (Directory.Exists(directory))
            DeleteLeftovers(Directory.EnumerateFiles(directory, pattern), processIdOf, File.Delete);
    }

    /// <summary>As <see cref="DeleteLeftovers(string, string, Func{string, string?})"/>, for folders (deleted with their content).</summary>
    public static void DeleteLeftoverFolders(string directory, string pattern, Func<string, string?> processIdOf)
    {
        if (Directory.Exists(directory))
            DeleteLeftovers(Directory.EnumerateDirectories(directory, pattern), processIdOf, path => Directory.Delete(path, recursive: true));
    }

    private static void DeleteLeftovers(IEnumerable<string> paths, Func<string, string?> processIdOf, Action<string> delete)
    {
        foreach (string path in paths)
        {
            string? id = processIdOf(Path.GetFileName(path));
            if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out int processId) || !IsRunning(processId))
            {
                try
                {
                    delete(path);
                }
                catch (IOException)
                {
                    // Another cleaner got there first, or the file is in use: leave it.
                }
                catch (UnauthorizedAccessException)
                {
                    // Another user's file: not ours to delete.
                }
            }
        }
    }
}
