using System.Diagnostics;
using Microsoft.ML;
using MLNetDeep.Examples;
using MLNetDeep.Modules;
using MLNetDeep.Training;

namespace MLNetDeep.Benchmarks;

/// <summary>
/// Section g: what the training doctor's instrumentation costs, measured two ways on Spambase, prepared once, with
/// default DeepMlp fits (Seed = 1). Direct: a fit with GradientStatisticsEveryNSteps = 0 runs a shadow recorder (the
/// same class) as a user callback, and every call into it, its activation observers included, is timed; its share of
/// the fit's epoch time is the cost, measured in the same run, so machine load affects both alike. Interleaved: fits
/// with N = 0, 10 and 1 run in rounds, and each N's median epoch time is divided by N = 0's (coarse on a loaded machine).
/// Off, no recorder or observer exists (the tests prove it), so a fit runs as it did before instrumentation existed.
/// Target: at most 5% at N = 10.
/// </summary>
internal static class DoctorOverhead
{
    private const int Rounds = 5;
    private const int Epochs = 4;
    private const double Target = 0.05;
    private static readonly int[] Intervals = [0, 10, 1];

    public static void Run()
    {
        Report.Section("g. Training doctor: instrumentation overhead (Spambase, default DeepMlp, 4 epochs)");
        var ml = new MLContext(seed: 1);
        var (raw, preprocessing) = BundledDatasets.Spambase(ml);
        IDataView prepared = ml.Data.Cache(preprocessing.Fit(raw).Transform(raw));
        Fit(prepared, everyNSteps: 1, epochs: 1);   // warm-up: native libraries, JIT and the data cache

        foreach (int n in new[] { 10, 1 })
        {
            using var shadow = new TimedRecorder(n);
            var options = new DeepMlpBinaryTrainer.Options { NumberOfEpochs = Epochs, Seed = 1 };
            options.Callbacks.Add(shadow);
            var history = new DeepMlpBinaryTrainer(options).Fit(prepared).History;
            double epochs = history.Epochs.Sum(e => e.Duration.TotalMilliseconds), share = shadow.Elapsed.TotalMilliseconds / epochs;
            string verdict = n == 10 ? $"   Target: at most {Target:P0}. {(share <= Target ? "Met." : "NOT MET.")}" : "";
            Console.WriteLine($"  direct, N = {n,2}: recorder {shadow.Elapsed.TotalMilliseconds:F0} ms of {epochs:F0} ms epoch time "
                + $"({history.LayerStatistics.Count} records over {history.Steps.Count} steps): {share:P1}{verdict}");
        }

        var epochTimes = Intervals.ToDictionary(n => n, _ => new List<double>());
        for (int round = 0; round < Rounds; round++)
        {
            foreach (int n in Intervals)
                epochTimes[n].AddRange(Fit(prepared, n, Epochs).Epochs.Select(e => e.Duration.TotalMilliseconds));
        }
        double off = Report.Median(epochTimes[0]);
        Console.WriteLine($"  interleaved ({Rounds} rounds): median epoch time off {off:F0} ms; "
            + string.Join("; ", Intervals.Skip(1).Select(n => $"N = {n}: {Report.Median(epochTimes[n]):F0} ms, ratio {Report.Median(epochTimes[n]) / off:F3}")));
    }

    private static TrainingHistory Fit(IDataView data, int everyNSteps, int epochs) =>
        new DeepMlpBinaryTrainer(new DeepMlpBinaryTrainer.Options { NumberOfEpochs = epochs, GradientStatisticsEveryNSteps = everyNSteps, Seed = 1 }).Fit(data).History;

    /// <summary>Forwards to a layer statistics recorder and times each call, and each call of the observers it attaches.</summary>
    private sealed class TimedRecorder(int everyNSteps) : TrainingCallback, IDisposable
    {
        private readonly LayerStatisticsRecorder _recorder = new(everyNSteps);
        private readonly Stopwatch _clock = new();

        public TimeSpan Elapsed => _clock.Elapsed;

        public override void OnTrainBegin(TrainingContext context)
        {
            Timed(() => _recorder.OnTrainBegin(context));
            foreach (var block in ((MlpNetwork)context.Network).Blocks)
            {
                var observe = block.ActivationObserver!;
                block.ActivationObserver = x => Timed(() => observe(x));
            }
        }

        public override void OnEpochBegin(TrainingContext context) => Timed(() => _recorder.OnEpochBegin(context));

        public override void OnGradientsComputed(TrainingContext context) => Timed(() => _recorder.OnGradientsComputed(context));

        public override void OnBatchEnd(TrainingContext context, double batchLoss) => Timed(() => _recorder.OnBatchEnd(context, batchLoss));

        public override void OnEpochEnd(TrainingContext context, EpochRecord record) => Timed(() => _recorder.OnEpochEnd(context, record));

        public override void OnTrainEnd(TrainingContext context) => Timed(() => _recorder.OnTrainEnd(context));

        public void Dispose() => _recorder.Dispose();

        private void Timed(Action call) => Report.Timed(_clock, call);
    }
}
