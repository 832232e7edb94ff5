using Microsoft.ML;
using MLNetDeep.Examples;

namespace MLNetDeep.Benchmarks;

/// <summary>
/// Section g: what the training doctor's instrumentation costs. On Spambase, prepared once, default DeepMlp fits of 4
/// epochs (Seed = 1) run in 5 rounds of three, GradientStatisticsEveryNSteps = 0 (off), 10 and 1 (every step), so machine load
/// affects them alike; each configuration's median epoch time over all its rounds is compared with the fits that have
/// it off. Off, no recorder or observer exists (the tests prove it), so the off fits also stand for a fit before
/// instrumentation existed. The last instrumented fit's diagnosis is printed. Target: at most 1.05 at N = 10.
/// </summary>
internal static class DoctorOverhead
{
    private const int Rounds = 5;
    private const int Epochs = 4;
    private const double Target = 1.05;
    private static readonly int[] Intervals = [0, 10, 1];

    public static void Run()
    {
        Report.Section("g. Training doctor: instrumentation overhead (Spambase, default DeepMlp, 4 epochs, interleaved)");
        var ml = new MLContext(seed: 1);
        var (raw, preprocessing) = BundledDatasets.Spambase(ml);
        IDataView prepared = ml.Data.Cache(preprocessing.Fit(raw).Transform(raw));

        // Warm-up: native libraries, JIT and the data cache.
        Fit(prepared, everyNSteps: 1, epochs: 1);

        var epochTimes = Intervals.ToDictionary(n => n, _ => new List<double>());
        TrainingHistory? last = null;
        for (int round = 0; round < Rounds; round++)
        {
            foreach (int n in Intervals)
            {
                var history = Fit(prepared, n, Epochs);
                epochTimes[n].AddRange(history.Epochs.Select(e => e.Duration.TotalMilliseconds));
                if (n == 10)
                    last = history;
            }
        }

        double off = Report.Median(epochTimes[0]);
        Console.WriteLine($"  median epoch time off: {off:F0} ms ({epochTimes[0].Count} epochs)");
        foreach (int n in Intervals.Skip(1))
        {
            double on = Report.Median(epochTimes[n]);
            string verdict = n == 10 ? $"   Target: at most {Target}. {(on / off <= Target ? "Met." : "NOT MET.")}" : "";
            Console.WriteLine($"  GradientStatisticsEveryNSteps = {n,2}: {on:F0} ms, ratio {on / off:F3}{verdict}");
        }
        Console.WriteLine("  Diagnosis of the last fit with N = 10:");
        foreach (string line in last!.Diagnose().ToString().Split(Environment.NewLine))
            Console.WriteLine("    " + line);
    }

    private static TrainingHistory Fit(IDataView data, int everyNSteps, int epochs) =>
        new DeepMlpBinaryTrainer(new DeepMlpBinaryTrainer.Options { NumberOfEpochs = epochs, GradientStatisticsEveryNSteps = everyNSteps, Seed = 1 }).Fit(data).History;
}
