using System.Diagnostics;
using System.Globalization;

namespace MLNetDeep.Benchmarks;

/// <summary>Process memory in MB (and the thread count), read after a forced full collection.</summary>
/// <param name="WorkingSet">Resident memory (RSS).</param>
/// <param name="PrivateResident">Resident anonymous memory (Linux RssAnon): private memory in use; NaN where unknown.</param>
/// <param name="PrivateVirtual">.NET's <c>PrivateMemorySize64</c>; on Linux VmData, which also counts reserved, untouched
/// pages such as every thread's stack.</param>
/// <param name="GcHeap">Bytes the GC counts as allocated (<c>GC.GetTotalMemory</c>).</param>
/// <param name="Threads">Threads of the process.</param>
internal readonly record struct MemoryFigures(double WorkingSet, double PrivateResident, double PrivateVirtual, double GcHeap, int Threads)
{
    private const double Megabyte = 1024 * 1024;

    public static MemoryFigures Measure()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return new(process.WorkingSet64 / Megabyte, RssAnonMegabytes(), process.PrivateMemorySize64 / Megabyte,
            GC.GetTotalMemory(false) / Megabyte, process.Threads.Count);
    }

    private static double RssAnonMegabytes()
    {
        const string path = "/proc/self/status";
        string? line = File.Exists(path) ? File.ReadLines(path).FirstOrDefault(l => l.StartsWith("RssAnon:", StringComparison.Ordinal)) : null;
        return line is null ? double.NaN : double.Parse(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
}

/// <summary>What one soak part measured; <see cref="Passed"/> when the resident figures and the GC heap stayed within the bound.</summary>
internal sealed record SoakResult(string Name, double Seconds, MemoryFigures Tenth, MemoryFigures End, int TempFilesLeft, bool Passed);

/// <summary>
/// Runs one part of the soak section: a number of cycles, with memory measured at the start, after the first tenth
/// and at the end, and the temporary files the part left. Issue 13's bound: the end figure within 5% or 20 MB of
/// the first tenth's (either suffices), in either direction.
/// </summary>
internal static class SoakPart
{
    public const double RelativeBound = 0.05;
    public const double AbsoluteBoundMegabytes = 20;

    /// <summary>Runs <paramref name="cycle"/> for 0 … <paramref name="cycles"/> − 1 and prints the figures.</summary>
    public static SoakResult Run(string name, string description, int cycles, Action<int> cycle, string privateTemp, string sharedTemp)
    {
        Console.WriteLine();
        Console.WriteLine($"  {name}: {description}");
        var privateWatch = new TempFolderWatch(privateTemp, recursive: true);
        var sharedWatch = new TempFolderWatch(sharedTemp, recursive: false);
        MemoryFigures start = MemoryFigures.Measure();
        MemoryFigures tenth = start;
        double tenthSeconds = 0;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < cycles; i++)
        {
            cycle(i);
            if (i + 1 == cycles / 10)
            {
                tenthSeconds = clock.Elapsed.TotalSeconds;
                tenth = MemoryFigures.Measure();
            }
        }
        double seconds = clock.Elapsed.TotalSeconds;
        MemoryFigures end = MemoryFigures.Measure();
        IReadOnlyList<string> privateLeft = privateWatch.NewFiles();
        IReadOnlyList<string> sharedLeft = sharedWatch.NewFiles();

        Console.WriteLine($"    {seconds:F1} s ({tenthSeconds:F1} s for the first tenth); load average {Report.LoadAverage()}");
        Console.WriteLine($"    {"MB",-12} {"start",9} {"1st tenth",10} {"end",9} {"diff MB",9} {"diff %",8}  verdict");
        bool passed = Row("working set", start.WorkingSet, tenth.WorkingSet, end.WorkingSet)
            & Row("private res.", start.PrivateResident, tenth.PrivateResident, end.PrivateResident)
            & Row("GC heap", start.GcHeap, tenth.GcHeap, end.GcHeap);
        Row("private virt", start.PrivateVirtual, tenth.PrivateVirtual, end.PrivateVirtual);
        Console.WriteLine($"    {"threads",-12} {start.Threads,9} {tenth.Threads,10} {end.Threads,9}");
        Console.WriteLine($"    {(passed ? "PASS" : "FAIL")} (working set, private resident and GC heap within 5% or 20 MB of the first tenth)");
        Console.WriteLine($"    temporary files left: {TempFolderWatch.Describe(privateLeft)} in the private temp folder; "
            + $"{TempFolderWatch.Describe(sharedLeft)} new at the top of {sharedTemp} (shared: other processes' files count too)");
        return new SoakResult(name, seconds, tenth, end, privateLeft.Count, passed);
    }

    /// <summary>Whether <paramref name="end"/> is within 5% or 20 MB of <paramref name="tenth"/>.</summary>
    public static bool Within(double tenth, double end)
    {
        double difference = Math.Abs(end - tenth);
        return difference <= AbsoluteBoundMegabytes || difference <= RelativeBound * tenth;
    }

    /// <summary>One decimal with its sign; a value that rounds to zero prints as 0.0.</summary>
    private static string Signed(double value) => (Math.Round(value, 1) + 0.0).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture);

    private static bool Row(string label, double start, double tenth, double end)
    {
        bool within = double.IsNaN(end) || Within(tenth, end);
        double percent = tenth > 0 ? 100 * (end - tenth) / tenth : double.NaN;
        Console.WriteLine($"    {label,-12} {start,9:F1} {tenth,10:F1} {end,9:F1} {Signed(end - tenth),9} {Signed(percent),7}%  {(within ? "PASS" : "FAIL")}");
        return within;
    }
}
