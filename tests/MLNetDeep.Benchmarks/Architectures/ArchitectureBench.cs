using System.Diagnostics;
using Microsoft.ML;

namespace MLNetDeep.Benchmarks.Architectures;

/// <summary>
/// Section <c>architectures</c> (issue 22): on the fixed list of tables, seeds 1-3 (a seeded 80/20 split each),
/// FastTree, LightGBM and every candidate default fit in the same pipeline, interleaved per seed; the test metric and
/// the fit time of each, mean of the seeds. A candidate qualifies as the new default when it is at or above the better
/// of FastTree and LightGBM on at least 3 of the 5 tables, within 0.01 on the rest, and within 3x FastTree's fit time
/// on every table. MLNETDEEP_BENCH_ARCH_DATA limits the tables, MLNETDEEP_BENCH_ARCH_SEEDS the seeds.
/// </summary>
internal static class ArchitectureBench
{
    private const double TimeBound = 3;
    private const double Tolerance = 0.01;

    public static void Run(IReadOnlyList<(string Name, Action<DeepMlpOptionsBase> Configure)> candidates)
    {
        Report.Section("m. Architectures and candidate defaults against FastTree and LightGBM (seeded 80/20 splits, mean of seeds)");
        string only = Environment.GetEnvironmentVariable("MLNETDEEP_BENCH_ARCH_DATA") ?? "";
        int[] seeds = [.. (Environment.GetEnvironmentVariable("MLNETDEEP_BENCH_ARCH_SEEDS") ?? "1,2,3").Split(',').Select(int.Parse)];
        Console.WriteLine($"  load average {Report.LoadAverage()}; seeds {string.Join(", ", seeds)}; candidates: {string.Join(", ", candidates.Select(c => c.Name))}");
        var results = new List<TableResult>();
        foreach (var task in ArchitectureTask.All.Where(t => only.Length == 0 || only.Split(',').Contains(t.Name)))
            results.Add(RunTask(task, seeds, candidates));
        Verdicts(results, candidates.Select(c => c.Name).ToList());
    }

    private static TableResult RunTask(ArchitectureTask task, int[] seeds, IReadOnlyList<(string Name, Action<DeepMlpOptionsBase> Configure)> candidates)
    {
        var ml = new MLContext(seed: 1);
        var (raw, preprocessing) = task.Load(ml);
        var data = ml.Data.Cache(raw);
        var warm = ml.Data.TakeRows(ml.Data.ShuffleRows(data, seed: 1), 200);
        var warmOptions = task.NewOptions();
        warmOptions.NumberOfEpochs = 1;
        foreach (var estimator in new[] { task.FastTree(ml), task.LightGbm(ml), task.DeepMlp(ml, warmOptions) })
            preprocessing.Append(estimator).Fit(warm);

        var runs = new Dictionary<string, List<(double Metric, double Second, double Seconds)>>();
        void Add(string name, (double Metric, double Second) metric, double seconds) =>
            (runs.TryGetValue(name, out var list) ? list : runs[name] = []).Add((metric.Metric, metric.Second, seconds));
        foreach (int seed in seeds)
        {
            var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: seed);
            var (treeMetric, treeSeconds) = Fit(ml, task, preprocessing.Append(task.FastTree(ml)), split);
            Add("FastTree", treeMetric, treeSeconds);
            var (lightMetric, lightSeconds) = Fit(ml, task, preprocessing.Append(task.LightGbm(ml)), split);
            Add("LightGBM", lightMetric, lightSeconds);
            foreach (var (name, configure) in candidates)
            {
                var options = task.NewOptions();
                options.Seed = seed;
                configure(options);
                var prepare = preprocessing;
                if (options.CategoricalColumnNames is [ArchitectureCandidates.TableKeys])
                {
                    options.CategoricalColumnNames = task.Keyed?.Keys;
                    prepare = task.Keyed?.Preprocessing(ml) ?? preprocessing;
                }
                var (metric, seconds) = Fit(ml, task, prepare.Append(task.DeepMlp(ml, options)), split);
                Add(name, metric, seconds);
            }
        }

        double treeTime = runs["FastTree"].Average(r => r.Seconds);
        Console.WriteLine($"  {task.Name} ({task.MetricName}, then {(task.MetricName == "R²" ? "RMSE" : "log-loss")}; load average {Report.LoadAverage()}):");
        foreach (var (name, list) in runs)
        {
            Console.WriteLine($"    {name,-28} {list.Average(r => r.Metric),7:F4} {list.Average(r => r.Second),9:F4}  fit {list.Average(r => r.Seconds),6:F1} s ({list.Average(r => r.Seconds) / treeTime,5:F1}x FastTree)"
                + $"  per seed {string.Join(", ", list.Select(r => r.Metric.ToString("F4")))}");
        }
        return new TableResult(task.Name, runs.ToDictionary(r => r.Key, r => (r.Value.Average(x => x.Metric), r.Value.Average(x => x.Seconds))));
    }

    private static ((double Metric, double Second) Metric, double Seconds) Fit(MLContext ml, ArchitectureTask task, Microsoft.ML.Data.EstimatorChain<ITransformer> pipeline, DataOperationsCatalog.TrainTestData split)
    {
        var clock = Stopwatch.StartNew();
        var model = pipeline.Fit(split.TrainSet);
        double seconds = clock.Elapsed.TotalSeconds;
        var metric = task.Metric(ml, model.Transform(split.TestSet));
        (model as IDisposable)?.Dispose();
        return (metric, seconds);
    }

    /// <summary>Per candidate: tables at or above the better tree, within 0.01 of it, and the worst time ratio; whether it qualifies.</summary>
    private static void Verdicts(List<TableResult> results, List<string> candidates)
    {
        Console.WriteLine("  verdict (bar: ≥ the better of FastTree and LightGBM on ≥ 3 of 5 tables, within 0.01 on the rest, ≤ 3x FastTree's time on every table):");
        foreach (string name in candidates)
        {
            int atOrAbove = 0, within = 0;
            double worstRatio = 0;
            foreach (var table in results)
            {
                double best = Math.Max(table.Runs["FastTree"].Metric, table.Runs["LightGBM"].Metric);
                double metric = table.Runs[name].Metric;
                atOrAbove += metric >= best ? 1 : 0;
                within += metric >= best - Tolerance ? 1 : 0;
                worstRatio = Math.Max(worstRatio, table.Runs[name].Seconds / table.Runs["FastTree"].Seconds);
            }
            bool qualifies = atOrAbove >= Math.Min(3, results.Count) && within == results.Count && worstRatio <= TimeBound;
            Console.WriteLine($"    {name,-28} at or above on {atOrAbove}/{results.Count}, within {Tolerance} on {within}/{results.Count}, "
                + $"worst time {worstRatio:F1}x FastTree: {(qualifies ? "QUALIFIES" : "does not qualify")}");
        }
    }

    private sealed record TableResult(string Name, Dictionary<string, (double Metric, double Seconds)> Runs);
}
