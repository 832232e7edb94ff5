using System.Text;
using MLNetDeep.Native;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace MLNetDeep.Tests.Native;

[TestClass]
public sealed class LibStdCxxProbeTests
{
    // What the tags look like inside a real libstdc++: NUL-separated strings among other bytes.
    private static byte[] Library(params string[] strings) =>
        Encoding.ASCII.GetBytes("\u007fELF\0" + string.Join("\0", strings) + "\0tail");

    [TestMethod]
    public void Probe_LibraryWithGlibcxx3432_ReportsProvided()
    {
        LibStdCxxReport report = LibStdCxxProbe.Inspect("/lib/libstdc++.so.6", Library("GLIBCXX_3.4.31", "GLIBCXX_3.4.32", "GLIBCXX_3.4.33"));

        Assert.IsTrue(report.ProvidesRequired);
        Assert.AreEqual(new Version(3, 4, 33), report.HighestVersion);
    }

    [TestMethod]
    public void Probe_LibraryWithoutGlibcxx3432_ReportsMissingWithHighestVersion()
    {
        LibStdCxxReport report = LibStdCxxProbe.Inspect("/lib/libstdc++.so.6", Library("GLIBCXX_3.4", "GLIBCXX_3.4.29", "GLIBCXX_3.4.30"));

        Assert.AreEqual(new LibStdCxxReport("/lib/libstdc++.so.6", new Version(3, 4, 30), false), report);
    }

    [TestMethod]
    public void Probe_LibraryWithoutGlibcxxTags_ReportsNoVersion()
    {
        LibStdCxxReport report = LibStdCxxProbe.Inspect("/lib/libstdc++.so.6", Library("GLIBC_2.36", "CXXABI_1.3.13"));

        Assert.IsNull(report.HighestVersion);
        Assert.IsFalse(report.ProvidesRequired);
    }

    [TestMethod]
    public void FindGlibcxxVersions_RepeatedAndNonNumericTags_ReturnsDistinctVersionsInNumericOrder()
    {
        byte[] library = Library("GLIBCXX_3.4.10", "GLIBCXX_DEBUG_MESSAGE_LENGTH", "GLIBCXX_3.4.9", "GLIBCXX_3.4", "GLIBCXX_3.4.10");

        IReadOnlyList<Version> versions = LibStdCxxProbe.FindGlibcxxVersions(library);

        Assert.AreEqual("3.4, 3.4.9, 3.4.10", string.Join(", ", versions));
    }

    [TestMethod]
    public void FindInProcessMaps_ListingWithLibStdCxx_ReturnsItsPath()
    {
        const string maps = """
            5581d0a00000-5581d0a02000 r--p 00000000 fe:01 393286                     /usr/share/dotnet/dotnet
            7f3c1a000000-7f3c1a09c000 r--p 00000000 fe:01 1049150                    /usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.33
            7ffd5e9f0000-7ffd5ea11000 rw-p 00000000 00:00 0                          [stack]
            """;

        Assert.AreEqual("/usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.33", LibStdCxxProbe.FindInProcessMaps(maps));
    }

    [TestMethod]
    public void FindInProcessMaps_ListingWithoutLibStdCxx_ReturnsNull()
    {
        const string maps = """
            5581d0a00000-5581d0a02000 r--p 00000000 fe:01 393286                     /usr/share/dotnet/dotnet
            7f3c1b000000-7f3c1b020000 r--p 00000000 fe:01 1049001                    /usr/lib/x86_64-linux-gnu/libc.so.6
            """;

        Assert.IsNull(LibStdCxxProbe.FindInProcessMaps(maps));
    }

    [TestMethod]
    public void DescribeMissing_OldLibrary_NamesLibraryAndHighestVersionAndSaysWhatToInstall()
    {
        var report = new LibStdCxxReport("/lib/x86_64-linux-gnu/libstdc++.so.6", new Version(3, 4, 30), false);

        Assert.AreEqual(
            "TorchSharp needs GLIBCXX_3.4.32 (libstdc++ from GCC 13 or newer), but /lib/x86_64-linux-gnu/libstdc++.so.6 " +
            "provides at most GLIBCXX_3.4.30. On Debian 12, run `dotnet pwsh build.ps1 setup` as root in the MLNetDeep " +
            "repository (it installs Debian 13's libstdc++6); elsewhere install libstdc++6 from GCC 13 or newer (Debian 13, " +
            "Ubuntu 24.04 and Fedora 39 or later ship it).",
            LibStdCxxProbe.DescribeMissing(report));
    }

    [TestMethod]
    public void InspectCurrentProcess_OnLinux_FindsTheLibStdCxxTheRuntimeLoaded()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("libstdc++ is only probed on Linux.");
        }

        LibStdCxxReport? report = LibStdCxxProbe.InspectCurrentProcess();

        Assert.IsNotNull(report);
        Assert.IsTrue(File.Exists(report.LibraryPath), report.LibraryPath);
        Assert.IsNotNull(report.HighestVersion);
    }
}
