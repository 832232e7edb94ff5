using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Benchmarks.Hardware;

namespace MLNetDeep.Benchmarks.Tables;

/// <summary>
/// Section <c>tables</c> (issue 19, "Small tables"): on spambase, satellite and diamonds, seeds 1-3 (a seeded 80/20 split
/// each), DeepMlp's fit time against FastTree's in the same pipeline (bound: at most 3x), its test metrics against the
/// issue's bounds (mean of the seeds), and its training speed: steps/s and GFLOP/s beside the floor, the same epochs'
/// matrix products timed alone at the network's shapes. Each option set runs the same seeds, interleaved with FastTree.
/// </summary>
internal static class SmallTables
{
    private static readonly int[] Seeds = [1, 2, 3];
    private const double TimeBound = 3;

    /// <summary>Runs the section for named option sets (a no-op configures today's defaults).</summary>
    public static void Run(IReadOnlyList<(string Name, Action<DeepMlpOptionsBase> Configure)> optionSets)
    {
        Report.Section("l. Small tables: default DeepMlp against FastTree (seeds 1-3, seeded 80/20 split, mean of seeds)");
        Console.WriteLine($"  load average {Report.LoadAverage()}");
        string only = Environment.GetEnvironmentVariable("MLNETDEEP_BENCH_TABLES_DATA") ?? "";
        foreach (var task in TableTask.Bundled.Where(t => only.Length == 0 || only.Split(',').Contains(t.Name)))
        {
            var ml = new MLContext(seed: 1);
            var (data, preprocessing) = task.Load(ml);
            var cached = ml.Data.Cache(data);
            Warm(ml, task, cached, preprocessing);
            foreach (var (name, configure) in optionSets)
                RunOptions(ml, task, cached, preprocessing, name, configure);
        }
    }

    private static void Warm(MLContext ml, TableTask task, IDataView data, IEstimator<ITransformer> preprocessing)
    {
        var few = ml.Data.TakeRows(ml.Data.ShuffleRows(data, seed: 1), 500);
        var options = task.NewOptions();
        options.NumberOfEpochs = 1;
        preprocessing.Append(task.DeepMlp(ml, options)).Fit(few);
        preprocessing.Append(task.FastTree(ml)).Fit(few);
    }

    private static void RunOptions(MLContext ml, TableTask task, IDataView data, IEstimator<ITransformer> preprocessing, string name, Action<DeepMlpOptionsBase> configure)
    {
        var deepTimes = new List<double>();
        var treeTimes = new List<double>();
        var metrics = new List<IReadOnlyList<(string Metric, double Value)>>();
        var treeMetrics = new List<IReadOnlyList<(string Metric, double Value)>>();
        var speed = new List<string>();
        foreach (int seed in Seeds)
        {
            var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: seed);
            var options = task.NewOptions();
            options.Seed = seed;
            configure(options);
            var clock = Stopwatch.StartNew();
            var deep = preprocessing.Append(task.DeepMlp(ml, options)).Fit(split.TrainSet);
            deepTimes.Add(clock.Elapsed.TotalSeconds);
            clock.Restart();
            var tree = preprocessing.Append(task.FastTree(ml)).Fit(split.TrainSet);
            treeTimes.Add(clock.Elapsed.TotalSeconds);
            metrics.Add(task.Score(ml, deep.Transform(split.TestSet)));
            treeMetrics.Add(task.Score(ml, tree.Transform(split.TestSet)));
            speed.Add(Speed(deep, ml.Data.Cache(split.TrainSet), options.BatchSize, options.ValidationFraction));
            (deep.LastTransformer as IDisposable)?.Dispose();
        }

        double ratio = deepTimes.Average() / treeTimes.Average();
        Console.WriteLine($"  {task.Name} / {name}: fit {deepTimes.Average(),5:F1} s vs FastTree {treeTimes.Average(),4:F1} s: {ratio:F1}x "
            + $"(bound ≤ {TimeBound}x: {(ratio <= TimeBound ? "PASS" : "FAIL")}); per seed {string.Join(", ", deepTimes.Select(t => t.ToString("F1")))} s");
        foreach (var (metric, bound, atMost) in task.Bounds)
        {
            double mean = metrics.Average(m => m.Single(x => x.Metric == metric).Value);
            double tree = treeMetrics.Average(m => m.Single(x => x.Metric == metric).Value);
            bool pass = atMost ? mean <= bound : mean >= bound;
            Console.WriteLine($"      {metric,-15} {mean,8:F4} (FastTree {tree:F4}; bound {(atMost ? "≤" : "≥")} {bound}: {(pass ? "PASS" : "FAIL")}); per seed "
                + string.Join(", ", metrics.Select(m => m.Single(x => x.Metric == metric).Value.ToString("F4"))));
        }
        Console.WriteLine($"      training speed per seed: {string.Join("; ", speed)}");
    }

    /// <summary>
    /// Epochs, steps/s and GFLOP/s of the fit's training loop, and the same epochs' training products alone (the floor,
    /// median of 5 after a warm-up). The loop's time is the epochs' recorded durations, which include validation when
    /// there is a validation split; the floor counts training products only.
    /// </summary>
    private static string Speed(TransformerChain<ITransformer> model, IDataView training, int batchSize, double? validationFraction)
    {
        if (model.LastTransformer is not DeepMlpTransformer deep)
            return "(no DeepMlp model)";
        var history = deep.History;
        double seconds = history.Epochs.Sum(e => e.Duration.TotalSeconds);
        var layers = deep.GetModelSummary().Layers;
        int[] widths = [layers[0].InputSize, .. layers.Select(l => l.OutputSize)];
        long rows = 0;
        using (var cursor = training.GetRowCursor([]))
        {
            while (cursor.MoveNext())
                rows++;
        }
        rows = (long)(rows * (1 - (validationFraction ?? (deep.History.Epochs.Any(e => e.ValidationLoss is not null) ? 0.1 : 0))));
        using var floor = new MatrixProductFloor(widths, Math.Max(rows, 1), batchSize);
        floor.TimeEpoch();   // warm-up
        double floorSeconds = Report.Median(Enumerable.Range(0, 5).Select(_ => floor.TimeEpoch())) * history.Epochs.Count;
        double gflop = floor.FlopsPerEpoch * history.Epochs.Count / 1e9;
        return $"{history.Epochs.Count} epochs, {history.Steps.Count / seconds:F0} steps/s, {gflop / seconds:F1} GFLOP/s (floor {gflop / floorSeconds:F1}; {seconds / floorSeconds:F1}x)";
    }
}
