using System.Diagnostics;
using Microsoft.ML;

namespace MLNetDeep.Benchmarks;

/// <summary>
/// Section i: does a hyperparameter search of a few minutes on 2 cores beat DeepMlp's default options on the test rows?
/// For seeds 1, 2 and 3: a test-once workflow over Spambase (70/15/15, stratified, split seed = the seed) runs a TPE
/// search with successive-halving pruning and a trial budget (with a time guard that keeps it under 5 minutes on 2
/// loaded cores; a run it stops says so), refits the best configuration on training + validation
/// rows and scores the test rows once; a second workflow with the same seed (the same split) fits the default options
/// on training + validation rows through the bundled preprocessing and scores the same test rows once. The issue asks
/// the search to win on the mean test metric (log-loss, the search's metric; AUC is shown too).
/// </summary>
internal static class SearchVsDefaults
{
    private const int Trials = 60;
    private const int Epochs = 40;
    private static readonly TimeSpan MaxTime = TimeSpan.FromMinutes(4);
    private static readonly int[] Seeds = [1, 2, 3];

    public static void Run()
    {
        Report.Section($"i. Hyperparameter search vs default options (Spambase, test-once split 70/15/15 per seed; TPE + successive halving, {Trials} trials (or {MaxTime.TotalMinutes:F0} min) of at most {Epochs} epochs, early stopping)");
        Console.WriteLine($"  {"seed",4}  {"test log-loss",-17} {"test AUC",-17} {"test accuracy",-17} {"search s",8} {"refit s",7} {"default s",9} {"trials (pruned)",15}  load");
        Console.WriteLine($"  {"",4}  {"search  default",-17} {"search  default",-17} {"search  default",-17}");
        var rows = Seeds.Select(RunSeed).ToList();
        Console.WriteLine($"  {"mean",4}  {Pair(rows.Average(r => r.Search.LogLoss), rows.Average(r => r.Default.LogLoss))} "
            + $"{Pair(rows.Average(r => r.Search.Auc), rows.Average(r => r.Default.Auc))} {Pair(rows.Average(r => r.Search.Accuracy), rows.Average(r => r.Default.Accuracy))} "
            + $"{rows.Average(r => r.SearchSeconds),8:F1} {rows.Average(r => r.RefitSeconds),7:F1} {rows.Average(r => r.DefaultSeconds),9:F1}");
        var finite = rows.Where(r => double.IsFinite(r.Search.LogLoss) && double.IsFinite(r.Default.LogLoss)).ToList();
        if (finite.Count < rows.Count && finite.Count > 0)
        {
            Console.WriteLine($"  a test log-loss is infinite (a probability of exactly 0 or 1 on a row of the other class) on {rows.Count - finite.Count} seed(s); "
                + $"mean over the other {finite.Count}: search {finite.Average(r => r.Search.LogLoss):F4}, defaults {finite.Average(r => r.Default.LogLoss):F4}");
        }
        bool logLoss = rows.Average(r => r.Search.LogLoss) < rows.Average(r => r.Default.LogLoss);
        bool auc = rows.Average(r => r.Search.Auc) > rows.Average(r => r.Default.Auc);
        Console.WriteLine($"  search beats defaults on mean test log-loss: {(logLoss ? "yes" : "no")} (wins on {rows.Count(r => r.Search.LogLoss < r.Default.LogLoss)} of {rows.Count} seeds)");
        Console.WriteLine($"  search beats defaults on mean test AUC: {(auc ? "yes" : "no")} (wins on {rows.Count(r => r.Search.Auc > r.Default.Auc)} of {rows.Count} seeds)");
        Console.WriteLine($"  longest search + refit: {rows.Max(r => r.SearchSeconds + r.RefitSeconds):F0} s (budget 300 s). Log-loss in bits (ML.NET's); lower is better.");
    }

    private static Row RunSeed(int seed)
    {
        string load = Report.LoadAverage();
        var ml = new MLContext(seed: seed);
        var data = SearchSpambase.Data(ml);

        var searched = ml.BinaryClassification.CreateTestOnceWorkflow(data, new TestOnceOptions { Seed = seed });
        var result = searched.SearchHyperparameters(SearchSpambase.Space(Epochs), setup => SearchSpambase.Pipeline(ml, setup),
            new SearchOptions { Method = SearchMethod.Tpe, Pruning = SearchPruning.SuccessiveHalving, MaxTrials = Trials, MaxTime = MaxTime, Seed = seed });
        if (result.StopReason != SearchStopReason.TrialBudget)
            Console.WriteLine($"  seed {seed}: the search stopped by {result.StopReason} after {result.Trials.Count} trials.");

        var baseline = ml.BinaryClassification.CreateTestOnceWorkflow(data, new TestOnceOptions { Seed = seed });
        if (baseline.Split != searched.Split)
            Console.WriteLine($"  WARNING: the two workflows of seed {seed} split differently:\n    {searched.Split}\n    {baseline.Split}");
        var clock = Stopwatch.StartNew();
        var model = SearchSpambase.DefaultPipeline(ml, seed).Fit(baseline.TrainingAndValidationData);
        var defaults = baseline.EvaluateTestOnce(model);
        clock.Stop();

        var row = new Row(Scores.Of(result.TestReport!), Scores.Of(defaults), result.SearchTime.TotalSeconds, result.RefitTime.TotalSeconds, clock.Elapsed.TotalSeconds,
            result.Trials.Count, result.Trials.Count(t => t.State == SearchTrialState.Pruned));
        Console.WriteLine($"  {seed,4}  {Pair(row.Search.LogLoss, row.Default.LogLoss)} {Pair(row.Search.Auc, row.Default.Auc)} {Pair(row.Search.Accuracy, row.Default.Accuracy)} "
            + $"{row.SearchSeconds,8:F1} {row.RefitSeconds,7:F1} {row.DefaultSeconds,9:F1} {$"{row.TrialsRun} ({row.Pruned})",15}  {load}");
        var best = result.BestTrial;
        Console.WriteLine($"        best trial {best.Number}: {string.Join(", ", best.Parameters.Select(p => $"{p.Key} {Format(p.Value)}"))}; kept epoch {best.SelectedEpoch}");
        return row;
    }

    private static string Pair(double search, double defaults) => $"{search,6:F4}  {defaults,6:F4}    ";

    private static string Format(object? value) => value switch
    {
        double d => d.ToString("G3", System.Globalization.CultureInfo.InvariantCulture),
        int[] sizes => "[" + string.Join(" ", sizes) + "]",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "null",
    };

    /// <summary>The three test metrics compared.</summary>
    private sealed record Scores(double LogLoss, double Auc, double Accuracy)
    {
        public static Scores Of(BinaryMetricsReport report) =>
            new(report[MetricNames.LogLoss].Value, report[MetricNames.Auc].Value, report[MetricNames.Accuracy].Value);
    }

    /// <summary>One seed's outcome.</summary>
    private sealed record Row(Scores Search, Scores Default, double SearchSeconds, double RefitSeconds, double DefaultSeconds, int TrialsRun, int Pruned);
}
