using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;

namespace MLNetDeep.Benchmarks;

/// <summary>
/// The child process of the big-table benchmark (the benchmarks executable run with <see cref="Argument"/>): loads one
/// <c>.idv</c> with <c>LoadFromBinary</c>, fits DeepMlp binary for one epoch with the given cache cap and hidden
/// layers (default options otherwise, Seed = 1) and prints one <see cref="ResultPrefix"/> line with its peak RSS, the
/// epoch's time and its wall time. Its own process, so that the peak RSS belongs to this fit alone.
/// </summary>
internal static class BigTableChild
{
    /// <summary>The hidden first argument that runs this child: <c>--bigtable-child PATH CACHE_MB HIDDEN</c> (HIDDEN: comma-separated widths, or "default").</summary>
    public const string Argument = "--bigtable-child";

    /// <summary>The start of the result line: then peak RSS kB, RSS at the end kB, rows, epoch seconds, wall seconds, peak RSS up to the epoch's end kB, fit notes.</summary>
    public const string ResultPrefix = "bigtable-result";

    /// <summary>Runs the child; returns the exit code.</summary>
    public static int Run(string[] args)
    {
        if (args.Length != 3)
        {
            Console.Error.WriteLine($"Usage: {Argument} PATH CACHE_MB HIDDEN");
            return 2;
        }
        var wall = Stopwatch.StartNew();
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromBinary(args[0]);
        var options = new DeepMlpBinaryTrainer.Options
        {
            NumberOfEpochs = 1, Seed = 1, MaxCacheSizeInMegabytes = int.Parse(args[1], CultureInfo.InvariantCulture),
        };
        if (args[2] != "default")
            options.HiddenLayerSizes = [.. args[2].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
        var phases = new RssPhases();
        options.Callbacks.Add(phases);
        using var model = ml.BinaryClassification.Trainers.DeepMlp(options).Fit(data);
        phases.EndPhase("after");
        var epoch = model.History.Epochs[0];
        long rows = data.GetRowCount() ?? -1;
        string notes = string.Join(" | ", model.History.Notes.Prepend("peaks: " + string.Join(", ", phases.Phases))).Replace('\n', ' ');
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{ResultPrefix} {phases.PeakKilobytes} {StatusKilobytes("VmRSS")} {rows} {epoch.Duration.TotalSeconds:R} {wall.Elapsed.TotalSeconds:R} {phases.TrainingPeakKilobytes} {notes}"));
        return 0;
    }

    /// <summary>A kB field of /proc/self/status (VmHWM: peak resident set; VmRSS: resident set now), or -1 without /proc.</summary>
    public static long StatusKilobytes(string field)
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return -1;
        string? line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return line is null ? -1 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }
}
