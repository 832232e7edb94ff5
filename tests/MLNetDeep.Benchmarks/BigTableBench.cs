using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;

namespace MLNetDeep.Benchmarks;

/// <summary>
/// Section k, issue 19's big tables: synthetic 50-feature binary tables (<see cref="BigTableData"/>) written as
/// <c>.idv</c> files of 1M, 3M and 10M rows to a private temporary folder; for each, a child process
/// (<see cref="BigTableChild"/>) fits DeepMlp for one epoch with <c>MaxCacheSizeInMegabytes = 0</c> (streamed
/// through the spill file), right after a child that fits the smallest file with the default cache cap (cached rows),
/// so that each pair sees about the same load on a shared machine. Prints peak
/// RSS and the epoch's rows/s per size, and checks the bounds: peak RSS of the streamed fits within 10% or 50 MB of
/// each other, and each streamed fit's rows/s within 1.2x of the cached fit before it. The files are deleted at the end.
/// Environment variables (to try the section small first): <c>MLNETDEEP_BIGTABLE_ROWS</c> (comma-separated row
/// counts, default 1000000,3000000,10000000) and <c>MLNETDEEP_BIGTABLE_HIDDEN</c> (comma-separated hidden widths, default
/// the trainer's default); <c>MLNETDEEP_BIGTABLE_FOLDER</c> keeps the files in that folder and reuses them in later runs
/// (delete it yourself).
/// </summary>
internal static class BigTableBench
{
    private const double RssShare = 0.10;
    private const double RssMegabytes = 50;
    private const double ThroughputRatio = 1.2;

    public static void Run()
    {
        long[] sizes = [.. (Environment.GetEnvironmentVariable("MLNETDEEP_BIGTABLE_ROWS") ?? "1000000,3000000,10000000")
            .Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).Order()];
        string hidden = Environment.GetEnvironmentVariable("MLNETDEEP_BIGTABLE_HIDDEN") ?? "default";
        int defaultCap = new DeepMlpBinaryTrainer.Options().MaxCacheSizeInMegabytes;
        Report.Section($"n. Big tables (issue 19): {BigTableData.FeatureCount} features, {string.Join(" / ", sizes.Select(Rows))} rows, "
            + $"1 epoch, hidden {(hidden == "default" ? "default" : $"[{hidden}]")}; streamed (cache cap 0) vs cached (cap {defaultCap} MB, {Rows(sizes[0])} rows)");
        string? kept = Environment.GetEnvironmentVariable("MLNETDEEP_BIGTABLE_FOLDER");
        string folder = kept is null ? Directory.CreateTempSubdirectory("mlnetdeep-bigtable-").FullName : Directory.CreateDirectory(kept).FullName;
        try
        {
            if (kept is null && !EnoughDisk(folder, sizes))
                return;
            var ml = new MLContext(seed: 1);
            var files = new List<string>();
            foreach (long rows in sizes)
            {
                string path = Path.Combine(folder, $"bigtable-{rows}.idv");
                files.Add(path);
                if (kept is not null && File.Exists(path))
                    continue;
                var clock = Stopwatch.StartNew();
                BigTableData.WriteIdv(ml, path, rows, seed: 1);
                Console.WriteLine($"  wrote {Rows(rows)} rows: {new FileInfo(path).Length / 1e6:F0} MB in {clock.Elapsed.TotalSeconds:F0} s");
            }

            Console.WriteLine($"  load average before the fits: {Report.LoadAverage()}");
            // Each streamed fit right after a cached fit of the smallest file, so that both see about the same machine load.
            var pairs = new List<(ChildResult Cached, ChildResult Streamed)>();
            foreach (string file in files)
            {
                var cached = Fit(files[0], defaultCap, hidden);
                if (cached.Streamed)
                    Console.WriteLine($"  NOTE: {Rows(sizes[0])} rows exceed the default cap; the \"cached\" fit streamed too.");
                pairs.Add((cached, Fit(file, 0, hidden)));
            }
            Console.WriteLine($"  load average after the fits: {Report.LoadAverage()}");
            Print(pairs);
        }
        finally
        {
            if (kept is null)
                Directory.Delete(folder, recursive: true);
        }
    }

    private static string Rows(long rows) => rows % 1_000_000 == 0 ? $"{rows / 1_000_000}M" : rows % 1_000 == 0 ? $"{rows / 1_000}k" : $"{rows}";

    /// <summary>The .idv files (about the raw floats, as random floats do not compress) plus the largest spill file must fit.</summary>
    private static bool EnoughDisk(string folder, long[] sizes)
    {
        double idv = sizes.Sum() * (BigTableData.FeatureCount + 1) * 4.0;
        double spill = sizes.Max() * (BigTableData.FeatureCount + 2) * 4.0;
        var spillDrive = new DriveInfo(Path.GetTempPath());
        double free = new DriveInfo(folder).AvailableFreeSpace;
        double needed = (idv + spill) * 1.05;
        Console.WriteLine($"  disk: {free / 1e9:F1} GB free in {folder}; needs about {needed / 1e9:F1} GB "
            + $"(.idv files {idv / 1e9:F1} GB, largest spill file {spill / 1e9:F1} GB in {spillDrive.RootDirectory})");
        if (free >= needed)
            return true;
        Console.WriteLine("  SKIPPED: not enough free disk space. Free some space, or try smaller sizes with MLNETDEEP_BIGTABLE_ROWS.");
        return false;
    }

    private static ChildResult Fit(string path, int cacheMegabytes, string hidden)
    {
        string self = Environment.ProcessPath ?? throw new InvalidOperationException("No process path to start the child from.");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            start.ArgumentList.Add(typeof(BigTableBench).Assembly.Location);
        foreach (string a in new[] { BigTableChild.Argument, path, cacheMegabytes.ToString(CultureInfo.InvariantCulture), hidden })
            start.ArgumentList.Add(a);
        using var child = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {self}.");
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        string? line = output.Split('\n').FirstOrDefault(l => l.StartsWith(BigTableChild.ResultPrefix, StringComparison.Ordinal));
        if (child.ExitCode != 0 || line is null)
            throw new InvalidOperationException($"The child fit of {path} (cap {cacheMegabytes} MB) exited with {child.ExitCode}: {output}");
        var result = ChildResult.Parse(line, cacheMegabytes);
        Console.WriteLine($"  {(result.Streamed ? "streamed" : "cached"),-8} {Rows(result.Rows),4} rows: {result.Line}");
        return result;
    }

    private static void Print(List<(ChildResult Cached, ChildResult Streamed)> pairs)
    {
        Console.WriteLine($"  {"path",-8} {"rows",5} {"peak RSS MB",11} {"to epoch end",12} {"end RSS MB",10} {"epoch s",8} {"rows/s",9} {"cached/streamed",15} {"wall s",7}");
        foreach (var (cached, streamed) in pairs)
        {
            foreach (var r in new[] { cached, streamed })
                Console.WriteLine($"  {(r.Streamed ? "streamed" : "cached"),-8} {Rows(r.Rows),5} {r.PeakMegabytes,11:F0} {r.TrainingPeakMegabytes,12:F0} {r.EndMegabytes,10:F0} {r.EpochSeconds,8:F1} "
                    + $"{r.RowsPerSecond,9:N0} {(r == streamed ? $"{cached.RowsPerSecond / r.RowsPerSecond:F2}" : ""),15} {r.WallSeconds,7:F0}");
        }
        var streamedFits = pairs.Select(p => p.Streamed).ToList();
        double low = streamedFits.Min(r => r.PeakMegabytes), high = streamedFits.Max(r => r.PeakMegabytes);
        double allowed = Math.Max(RssShare * low, RssMegabytes);
        Console.WriteLine($"  peak RSS of the streamed fits: {low:F0}..{high:F0} MB, spread {high - low:F0} MB, allowed {allowed:F0} MB "
            + $"(10% or 50 MB): {(high - low <= allowed ? "PASS" : "FAIL")}");
        double trainingLow = streamedFits.Min(r => r.TrainingPeakMegabytes), trainingHigh = streamedFits.Max(r => r.TrainingPeakMegabytes);
        Console.WriteLine($"  the same up to the epoch's end (load, scan writing the spill file, training; not what Fit does after the last epoch): "
            + $"{trainingLow:F0}..{trainingHigh:F0} MB, spread {trainingHigh - trainingLow:F0} MB: {(trainingHigh - trainingLow <= Math.Max(RssShare * trainingLow, RssMegabytes) ? "PASS" : "FAIL")}");
        double worst = pairs.Max(p => p.Cached.RowsPerSecond / p.Streamed.RowsPerSecond);
        Console.WriteLine($"  streamed throughput: the largest ratio of the cached fit's rows/s to the streamed fit's after it is {worst:F2}, bound {ThroughputRatio:F1}: "
            + $"{(worst <= ThroughputRatio ? "PASS" : "FAIL")}; cached rows/s {string.Join(", ", pairs.Select(p => $"{p.Cached.RowsPerSecond:N0}"))}");
    }

    /// <summary>One child's result line, parsed.</summary>
    private sealed record ChildResult(
        long Rows, double PeakMegabytes, double EndMegabytes, double EpochSeconds, double WallSeconds, double TrainingPeakMegabytes, bool Streamed, string Line)
    {
        public double RowsPerSecond => Rows / EpochSeconds;

        public static ChildResult Parse(string line, int cacheMegabytes)
        {
            string[] parts = line.Split(' ', 8);
            double Number(int i) => double.Parse(parts[i], CultureInfo.InvariantCulture);
            string notes = parts.Length > 7 ? parts[7] : "";
            return new ChildResult((long)Number(3), Number(1) / 1024, Number(2) / 1024, Number(4), Number(5), Number(6) / 1024,
                cacheMegabytes == 0 || notes.Contains("streamed", StringComparison.Ordinal), notes);
        }
    }
}
