namespace MLNetDeep.Benchmarks;

/// <summary>
/// The files in a folder when the watch starts; <see cref="NewFiles"/> lists those that exist now but did not then
/// (files created during the watch and still there). Recursive for a private folder; top level only for a shared one.
/// </summary>
internal sealed class TempFolderWatch
{
    private readonly string _folder;
    private readonly bool _recursive;
    private readonly HashSet<string> _before;

    public TempFolderWatch(string folder, bool recursive)
    {
        _folder = folder;
        _recursive = recursive;
        _before = new HashSet<string>(Files(), StringComparer.Ordinal);
    }

    public string Folder => _folder;

    /// <summary>Files present now that were not present when the watch started.</summary>
    public IReadOnlyList<string> NewFiles() => Files().Where(f => !_before.Contains(f)).Order(StringComparer.Ordinal).ToArray();

    /// <summary>A count and up to three example names, e.g. "2 (a.tmp, b.tmp)", or "0".</summary>
    public static string Describe(IReadOnlyList<string> files) => files.Count == 0
        ? "0"
        : $"{files.Count} (e.g. {string.Join(", ", files.Take(3).Select(Path.GetFileName))})";

    private IEnumerable<string> Files()
    {
        var options = new EnumerationOptions { RecurseSubdirectories = _recursive, IgnoreInaccessible = true, AttributesToSkip = 0 };
        return Directory.Exists(_folder) ? Directory.EnumerateFiles(_folder, "*", options) : [];
    }
}
