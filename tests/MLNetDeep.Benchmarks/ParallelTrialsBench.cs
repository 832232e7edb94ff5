using System.Diagnostics;
using Microsoft.ML;
using static TorchSharp.torch;

namespace MLNetDeep.Benchmarks;

/// <summary>
/// Section j: are two trials at a time (each with half of libtorch's threads) faster than one at a time on this
/// machine? The same random search on Spambase (8 trials of a few epochs, no pruning, no refit) runs with
/// ParallelTrials = 1 and = 2, interleaved 1, 2, 1, 2 after an uncounted warm-up, on a fresh workflow each time; the
/// wall times, libtorch's thread count before each run and the load average are printed, and whether both settings ran
/// the same trials to the same objectives (proposals do not depend on the order in which parallel trials finish).
/// </summary>
internal static class ParallelTrialsBench
{
    private const int Trials = 8;
    private const int Epochs = 10;
    private static readonly int[] Order = [1, 2, 1, 2];

    public static void Run()
    {
        Report.Section($"j. Parallel trials (Spambase, random search, {Trials} trials of {Epochs} epochs, no pruning; ParallelTrials 1 and 2 interleaved)");
        Console.WriteLine($"  {Environment.ProcessorCount} logical CPUs, OMP_WAIT_POLICY={Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "(unset)"}");
        Search(1, maxTrials: 1, epochs: 1);
        var times = new Dictionary<int, List<double>> { [1] = [], [2] = [] };
        var objectives = new Dictionary<int, List<double?[]>> { [1] = [], [2] = [] };
        var proposals = new HashSet<string>();
        foreach (int parallel in Order)
        {
            string load = Report.LoadAverage();
            int threads = get_num_threads();
            var clock = Stopwatch.StartNew();
            var result = Search(parallel, Trials, Epochs);
            clock.Stop();
            times[parallel].Add(clock.Elapsed.TotalSeconds);
            objectives[parallel].Add([.. result.Trials.Select(t => t.Objective)]);
            proposals.Add(string.Join(" | ", result.Trials.Select(t => string.Join(", ", t.Parameters.Select(p => $"{p.Key}={SearchParameter.Format(p.Value)}")))));
            Console.WriteLine($"  ParallelTrials {parallel}: {clock.Elapsed.TotalSeconds,6:F1} s wall (trials' own times add up to {result.Trials.Sum(t => t.Duration.TotalSeconds),6:F1} s), "
                + $"best validation log-loss {result.BestTrial.Objective:F4}; torch threads before {threads}, after {get_num_threads()}; load {load}");
        }
        double one = times[1].Average(), two = times[2].Average(), ratio = one / two;
        string pairs = string.Join(", ", Enumerable.Range(0, times[1].Count).Select(i => $"{times[1][i] / times[2][i]:F2}"));
        string verdict = Math.Abs(ratio - 1) < 0.1 ? "about the same speed here (within 10%)."
            : ratio > 1 ? "two trials at a time are faster here." : "one trial at a time is faster here.";
        Console.WriteLine($"  mean wall time: ParallelTrials 1 {one:F1} s, ParallelTrials 2 {two:F1} s; ratio (1 / 2) {ratio:F2} (per pair: {pairs}): {verdict}");
        var all = objectives.Values.SelectMany(o => o).ToList();
        var spreads = Enumerable.Range(0, Trials).Select(i => all.Select(o => o[i]).OfType<double>().ToList()).Where(v => v.Count > 0).Select(v => v.Max() - v.Min()).ToList();
        int unscored = all.Sum(o => o.Count(v => v is null));
        Console.WriteLine($"  same trial values in all four runs: {(proposals.Count == 1 ? "yes" : $"NO ({proposals.Count} different lists)")}; "
            + $"the largest spread of one trial's objective across them: {(spreads.Count == 0 ? "-" : spreads.Max().ToString("G3"))}{(unscored > 0 ? $" ({unscored} unscored trial runs left out)" : "")}");
    }

    private static SearchResult<BinaryMetricsReport> Search(int parallel, int maxTrials, int epochs)
    {
        var ml = new MLContext(seed: 1);
        var workflow = ml.BinaryClassification.CreateTestOnceWorkflow(SearchSpambase.Data(ml), new TestOnceOptions { Seed = 1 });
        return workflow.SearchHyperparameters(SearchSpambase.Space(epochs, earlyStopping: false), setup => SearchSpambase.Pipeline(ml, setup),
            new SearchOptions { Method = SearchMethod.Random, Pruning = SearchPruning.None, MaxTrials = maxTrials, ParallelTrials = parallel, Seed = 1, RefitAndEvaluateTest = false });
    }
}
