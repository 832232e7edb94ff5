namespace MLNetDeep.Plots;

/// <summary>The argument checks and the output path every plot writer shares.</summary>
internal static class PlotFile
{
    /// <summary>Throws unless <paramref name="width"/> and <paramref name="height"/> are from 100 to 10,000 pixels.</summary>
    public static void CheckSize(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, 10_000);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, 10_000);
    }

    /// <summary>The full path of <paramref name="path"/>, after checking it and creating its folder.</summary>
    public static string Prepare(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        return fullPath;
    }
}
