using System.Diagnostics;
using Microsoft.ML;
using MLNetDeep.Examples;
using MLNetDeep.Training;

namespace MLNetDeep.Benchmarks;

/// <summary>
/// Section d: what the always-on divergence guard costs. A default fit on Spambase runs a second, shadow guard (the same
/// class, with the same options) as a user callback, and times every call into it: its per-batch check of the loss the
/// step already read back, and its per-epoch check and copy of the weights. Its share of the fit's epoch time is the
/// guard's cost; both are measured in the same run, so machine load affects them alike.
/// </summary>
internal static class GuardCost
{
    private const int Epochs = 5;

    public static void Run()
    {
        Report.Section("d. Divergence guard cost (Spambase, default DeepMlp, 5 epochs)");
        var ml = new MLContext(seed: 1);
        var (raw, preprocessing) = BundledDatasets.Spambase(ml);
        IDataView prepared = preprocessing.Fit(raw).Transform(raw);
        var options = new DeepMlpBinaryTrainer.Options { NumberOfEpochs = Epochs, Seed = 1 };
        using var shadow = new TimedGuard(options);
        options.Callbacks.Add(shadow);

        var model = new DeepMlpBinaryTrainer(options).Fit(prepared);

        double epochMilliseconds = model.History.Epochs.Sum(e => e.Duration.TotalMilliseconds);
        double share = shadow.Elapsed.TotalMilliseconds / epochMilliseconds;
        Console.WriteLine($"  {model.History.Steps.Count} steps; epochs {epochMilliseconds:F0} ms; guard {shadow.Elapsed.TotalMilliseconds:F1} ms "
            + $"({shadow.BatchCalls} batch checks, {shadow.EpochCalls} epoch checks)");
        Console.WriteLine($"  guard share of epoch time: {share:P2}   Target: under 2%.");
    }

    /// <summary>Forwards to a divergence guard and times each call.</summary>
    private sealed class TimedGuard(DeepMlpOptionsBase options) : TrainingCallback, IDisposable
    {
        private readonly DivergenceGuard _guard = new(options);
        private readonly Stopwatch _clock = new();

        public TimeSpan Elapsed => _clock.Elapsed;

        public int BatchCalls { get; private set; }

        public int EpochCalls { get; private set; }

        public override void OnTrainBegin(TrainingContext context) => Timed(() => _guard.OnTrainBegin(context));

        public override void OnBatchEnd(TrainingContext context, double batchLoss)
        {
            BatchCalls++;
            Timed(() => _guard.OnBatchEnd(context, batchLoss));
        }

        public override void OnEpochEnd(TrainingContext context, EpochRecord record)
        {
            EpochCalls++;
            Timed(() => _guard.OnEpochEnd(context, record));
        }

        public override void OnTrainEnd(TrainingContext context) => Timed(() => _guard.OnTrainEnd(context));

        public void Dispose() => _guard.Dispose();

        private void Timed(Action call) => Report.Timed(_clock, call);
    }
}
