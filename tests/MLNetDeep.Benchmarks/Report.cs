namespace MLNetDeep.Benchmarks;

/// <summary>Small helpers for the printed report.</summary>
internal static class Report
{
    /// <summary>The 1, 5 and 15 minute load averages from /proc/loadavg, or a note where it is missing.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "(no /proc/loadavg)";

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>Runs <paramref name="call"/> with <paramref name="clock"/> running, adding its time to the clock.</summary>
    public static void Timed(System.Diagnostics.Stopwatch clock, Action call)
    {
        clock.Start();
        call();
        clock.Stop();
    }

    public static void Section(string title)
    {
        Console.WriteLine();
        Console.WriteLine(title);
        Console.WriteLine(new string('-', title.Length));
    }
}
