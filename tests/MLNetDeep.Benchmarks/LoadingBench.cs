using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Data;

namespace MLNetDeep.Benchmarks;

/// <summary>
/// Section loading: a fit from a CSV file against the same fit from an <c>ml.Data.Cache</c>d view that was read once
/// before, and from the same rows saved as ML.NET's binary <c>.idv</c>. Fashion-MNIST's 60,000 training rows are written
/// once as a CSV to a temporary folder (deleted after); the user's pipeline maps the label to a key and fits DeepMlp
/// multiclass ([256, 256], Adam, batch 256, 5 epochs, seed 1, no validation). The sources alternate, 3 rounds; medians.
/// The first pass alone (the trainer's validating scan of the rows) is timed on every source too.
/// </summary>
internal static class LoadingBench
{
    private const int Epochs = 5;
    private const int Rounds = 3;
    private const double Target = 1.10;

    public static void Run()
    {
        Report.Section($"m. Loading: fit from a CSV vs from ml.Data.Cache and .idv (Fashion-MNIST, 60,000 rows, 784 features, {Epochs} epochs)");
        if (!FashionMnist.IsInstalled)
        {
            Console.WriteLine($"  skipped: Fashion-MNIST is not in {FashionMnist.Folder} (build.ps1 bench installs it).");
            return;
        }
        string folder = Directory.CreateTempSubdirectory("mlnetdeep-loading-").FullName;
        try
        {
            string csv = Path.Combine(folder, "fashion-mnist-train.csv");
            var clock = Stopwatch.StartNew();
            FashionMnist.Load().WriteCsv(csv);
            Console.WriteLine($"  CSV written in {clock.Elapsed.TotalSeconds:F1} s ({new FileInfo(csv).Length / 1e6:F0} MB); DeepMlp [256, 256], Adam, batch 256, "
                + $"{Epochs} epochs, seed 1, ValidationFraction 0; {Rounds} interleaved rounds");
            Compare(new MLContext(seed: 1), csv);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void Compare(MLContext ml, string csv)
    {
        IDataView text = Load(ml, csv);
        IDataView cached = ml.Data.Cache(text);
        Drain(cached);   // "read once before": the cache holds every row when the fits start
        string idv = Path.ChangeExtension(csv, ".idv");
        using (var stream = File.Create(idv))
            ml.Data.SaveAsBinary(text, stream);
        IDataView binary = ml.Data.LoadFromBinary(idv);
        var sources = new (string Name, IDataView Data)[] { ("CSV", text), ("ml.Data.Cache", cached), (".idv", binary) };
        var fits = sources.Select(_ => new List<double>()).ToArray();
        var keyPasses = sources.Select(_ => new List<double>()).ToArray();
        var scans = sources.Select(_ => new List<double>()).ToArray();
        FitSeconds(ml, cached);   // warm-up (JIT, libtorch start-up), not recorded
        for (int round = 0; round < Rounds; round++)
        {
            string load = Report.LoadAverage();
            for (int turn = 0; turn < sources.Length; turn++)
            {
                int s = (turn + round) % sources.Length;   // each source goes first once
                (double fit, double keys) = FitSeconds(ml, sources[s].Data);
                fits[s].Add(fit);
                keyPasses[s].Add(keys);
                scans[s].Add(ScanSeconds(ml, sources[s].Data));
            }
            Console.WriteLine($"  round {round + 1} (load average before: {load}): "
                + string.Join("; ", sources.Select((source, s) => $"{source.Name} fit {fits[s][^1]:F2} s, first pass {scans[s][^1]:F2} s")));
        }
        Console.WriteLine($"  {"source",-14} {"fit s",7} {"label->key s",13} {"trainer s",10} {"first pass s",13} {"fit ratio",10} {"trainer ratio",14}");
        double cacheFit = Report.Median(fits[1]);
        double cacheTrainer = Report.Median(fits[1].Zip(keyPasses[1], (f, k) => f - k));
        for (int s = 0; s < sources.Length; s++)
        {
            double fit = Report.Median(fits[s]);
            double trainer = Report.Median(fits[s].Zip(keyPasses[s], (f, k) => f - k));
            Console.WriteLine($"  {sources[s].Name,-14} {fit,7:F2} {Report.Median(keyPasses[s]),13:F2} {trainer,10:F2} {Report.Median(scans[s]),13:F2} "
                + $"{fit / cacheFit,10:F3} {trainer / cacheTrainer,14:F3}");
        }
        double ratio = Report.Median(fits[0]) / cacheFit;
        double paired = Report.Median(fits[0].Zip(fits[1], (csvFit, cacheRound) => csvFit / cacheRound));
        Console.WriteLine($"  CSV fit / ml.Data.Cache fit: {ratio:F3} (target <= {Target:F2}: {(ratio <= Target ? "met" : "missed")}); median of the rounds' own ratios "
            + $"{paired:F3}; fit = the pipeline (label -> key, then DeepMlp), trainer = DeepMlp's Fit alone; medians of {Rounds}");
    }

    /// <summary>The loader a user writes: the label (0-9) in column 0, the 784 pixels as one vector.</summary>
    private static IDataView Load(MLContext ml, string csv) => ml.Data.LoadFromTextFile(csv,
        [new TextLoader.Column("Label", DataKind.Single, 0), new TextLoader.Column("Features", DataKind.Single, 1, FashionMnist.PixelCount)],
        separatorChar: ',', hasHeader: true);

    private static DeepMlpMulticlassTrainer.Options Options() => new()
    {
        HiddenLayerSizes = [256, 256], Optimizer = OptimizerAlgorithm.Adam, BatchSize = 256, NumberOfEpochs = Epochs, Seed = 1, ValidationFraction = 0,
    };

    /// <summary>The pipeline's fit: the label -> key mapping (a pass over the labels), then DeepMlp; both times in seconds.</summary>
    private static (double Fit, double KeyPass) FitSeconds(MLContext ml, IDataView data)
    {
        var clock = Stopwatch.StartNew();
        var keys = ml.Transforms.Conversion.MapValueToKey("Label").Fit(data);
        double keyPass = clock.Elapsed.TotalSeconds;
        using var model = ml.MulticlassClassification.Trainers.DeepMlp(Options()).Fit(keys.Transform(data));
        return (clock.Elapsed.TotalSeconds, keyPass);
    }

    /// <summary>The trainer's first pass alone: the label mapped to a key (fitted outside the clock), then the validating scan.</summary>
    private static double ScanSeconds(MLContext ml, IDataView data)
    {
        IDataView keyed = ml.Transforms.Conversion.MapValueToKey("Label").Fit(data).Transform(data);
        var options = Options();
        var columns = TrainingColumns.Resolve(keyed.Schema, options, new MulticlassClassificationTask(), "training data");
        var clock = Stopwatch.StartNew();
        using var scan = DataScan.Run(keyed, columns, options.MaxCacheSizeInMegabytes * 1024L * 1024L);
        return clock.Elapsed.TotalSeconds;
    }

    private static void Drain(IDataView data)
    {
        using var cursor = data.GetRowCursor(data.Schema);
        var features = cursor.GetGetter<VBuffer<float>>(data.Schema["Features"]);
        VBuffer<float> buffer = default;
        while (cursor.MoveNext())
            features(ref buffer);
    }
}
