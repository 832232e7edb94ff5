using System.Diagnostics;
using Microsoft.ML;
using MLNetDeep.Examples;

namespace MLNetDeep.Benchmarks;

/// <summary>
/// Section e: what <c>CheckSetup</c> costs next to the fit it precedes. On Spambase, prepared once, a default DeepMlp
/// (Seed = 1) runs <c>CheckSetup</c> three times (median) and one default <c>Fit</c>, interleaved after a warm-up
/// of both, so machine load affects them alike. Target: the check takes at most half a fit.
/// </summary>
internal static class CheckSetupCost
{
    private const double Target = 0.5;

    public static void Run()
    {
        Report.Section("e. CheckSetup cost (Spambase, default DeepMlp Seed = 1, vs one default Fit)");
        var ml = new MLContext(seed: 1);
        var (raw, preprocessing) = BundledDatasets.Spambase(ml);
        IDataView prepared = ml.Data.Cache(preprocessing.Fit(raw).Transform(raw));
        var trainer = ml.BinaryClassification.Trainers.DeepMlp(seed: 1);

        // Warm-up: native libraries, JIT and the data cache.
        ml.BinaryClassification.Trainers.DeepMlp(hiddenLayerSizes: [8], numberOfEpochs: 1, seed: 1).Fit(prepared);
        trainer.CheckSetup(prepared);

        var checks = new List<double>();
        SetupReport? report = null;
        checks.Add(Seconds(() => report = trainer.CheckSetup(prepared)));
        double fit = Seconds(() => trainer.Fit(prepared));
        checks.Add(Seconds(() => report = trainer.CheckSetup(prepared)));
        checks.Add(Seconds(() => report = trainer.CheckSetup(prepared)));

        double check = Report.Median(checks);
        Console.WriteLine($"  CheckSetup {check:F2} s (median of 3: {string.Join(", ", checks.Select(c => c.ToString("F2")))}), one Fit {fit:F2} s");
        Console.WriteLine($"  ratio {check / fit:F3}   Target: at most {Target}. {(check / fit <= Target ? "Met." : "NOT MET.")}");
        Console.WriteLine("  The last report:");
        foreach (string line in report!.ToString().Split(Environment.NewLine))
            Console.WriteLine("    " + line);
    }

    private static double Seconds(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    }
}
