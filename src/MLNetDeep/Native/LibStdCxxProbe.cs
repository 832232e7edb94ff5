using System.Buffers;
using System.Text;

namespace MLNetDeep.Native;

/// <summary>What a libstdc++.so.6 file offers: its path, its highest GLIBCXX version tag, and whether it has the one TorchSharp needs.</summary>
internal sealed record LibStdCxxReport(string LibraryPath, Version? HighestVersion, bool ProvidesRequired);

/// <summary>
/// Finds the libstdc++.so.6 a Linux process uses and reads which GLIBCXX symbol versions it provides. TorchSharp's
/// libLibTorchSharp.so needs <see cref="RequiredVersion"/> (GCC 13 or newer); Debian 12 ships GLIBCXX_3.4.30.
/// Everything but <see cref="InspectCurrentProcess"/> is a pure function.
/// </summary>
internal static class LibStdCxxProbe
{
    /// <summary>The GLIBCXX version that TorchSharp 0.107's native library links against.</summary>
    public static readonly Version RequiredVersion = new(3, 4, 32);

    private const string FileName = "libstdc++.so.6";

    private static readonly SearchValues<byte> VersionCharacters = SearchValues.Create("0123456789."u8);

    private static readonly string[] UsualDirectories =
    [
        "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
        "/usr/lib64", "/lib64", "/usr/lib", "/lib",
    ];

    /// <summary>
    /// The libstdc++ this process has loaded (the .NET runtime links it, so TorchSharp will get the same one), else the
    /// first one in the usual library folders; null when there is none.
    /// </summary>
    public static LibStdCxxReport? InspectCurrentProcess()
    {
        string? path = File.Exists("/proc/self/maps") ? FindInProcessMaps(File.ReadAllText("/proc/self/maps")) : null;
        path ??= UsualDirectories.Select(dir => Path.Combine(dir, FileName)).FirstOrDefault(File.Exists);
        return path is null ? null : Inspect(path, File.ReadAllBytes(path));
    }

    /// <summary>The path of the libstdc++.so.6 mapped in a /proc/PID/maps listing, or null.</summary>
    public static string? FindInProcessMaps(string maps)
    {
        foreach (string line in maps.Split('\n'))
        {
            int slash = line.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                continue;
            }
            string path = line[slash..].Trim();
            if (Path.GetFileName(path).StartsWith(FileName, StringComparison.Ordinal))
            {
                return path;
            }
        }
        return null;
    }

    /// <summary>Reads the GLIBCXX version tags in <paramref name="library"/> (the bytes of a libstdc++ file).</summary>
    public static LibStdCxxReport Inspect(string libraryPath, ReadOnlySpan<byte> library)
    {
        IReadOnlyList<Version> versions = FindGlibcxxVersions(library);
        return new LibStdCxxReport(libraryPath, versions.Count > 0 ? versions[^1] : null, versions.Contains(RequiredVersion));
    }

    /// <summary>Every distinct version x.y[.z] that follows a "GLIBCXX_" tag in <paramref name="library"/>, ascending.</summary>
    public static IReadOnlyList<Version> FindGlibcxxVersions(ReadOnlySpan<byte> library)
    {
        ReadOnlySpan<byte> tag = "GLIBCXX_"u8;
        var versions = new SortedSet<Version>();
        int at;
        while ((at = library.IndexOf(tag)) >= 0)
        {
            library = library[(at + tag.Length)..];
            int length = library.IndexOfAnyExcept(VersionCharacters);
            string text = Encoding.ASCII.GetString(length < 0 ? library : library[..length]);
            if (Version.TryParse(text, out Version? version))
            {
                versions.Add(version);
            }
        }
        return [.. versions];
    }

    /// <summary>The message for a library that lacks <see cref="RequiredVersion"/>: what was found and what to install.</summary>
    public static string DescribeMissing(LibStdCxxReport report)
    {
        string highest = report.HighestVersion is null ? "no GLIBCXX version" : $"at most GLIBCXX_{report.HighestVersion}";
        return $"TorchSharp needs GLIBCXX_{RequiredVersion} (libstdc++ from GCC 13 or newer), but {report.LibraryPath} provides " +
            $"{highest}. On Debian 12, run `dotnet pwsh build.ps1 setup` as root in the MLNetDeep repository (it installs " +
            "Debian 13's libstdc++6); elsewhere install libstdc++6 from GCC 13 or newer (Debian 13, Ubuntu 24.04 and Fedora 39 " +
            "or later ship it).";
    }
}
