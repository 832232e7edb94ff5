using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Examples;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNetDeep.Benchmarks;

/// <summary>
/// Section a: epoch time of DeepMlp end to end (IDataView in, trained model out) against a plain TorchSharp loop over
/// tensors already in memory, with the same network, optimizer, batch size, data and thread count. The two alternate
/// epoch by epoch: a callback runs one baseline epoch after each DeepMlp epoch (outside DeepMlp's epoch
/// <see cref="EpochRecord.Duration"/>, which is taken before <c>OnEpochEnd</c>), so both see the same machine load.
/// </summary>
internal static class DataPathOverhead
{
    private const int Epochs = 16;   // the first is warm-up; the median is over the other 15
    private const int BatchSize = 128;

    public static void Run()
    {
        Report.Section("a. Data-path overhead (Spambase, all 4,601 rows, 57 features, batch 128)");
        var ml = new MLContext(seed: 1);
        var (raw, preprocessing) = BundledDatasets.Spambase(ml);
        IDataView prepared = preprocessing.Fit(raw).Transform(raw);
        using var baseline = new PlainTorchLoop(prepared);
        Console.WriteLine($"  torch threads {get_num_threads()}; {Epochs} epochs per fit, first skipped; medians over {Epochs - 1}");
        Console.WriteLine($"  {"path",-44} {"DeepMlp ms",10} {"plain ms",9} {"ratio",7} {"overhead",9}");

        Measure(ml, prepared, baseline, "cached (default)", cacheMegabytes: 1024);
        Measure(ml, prepared, baseline, "streaming, text file, spill file (default)", cacheMegabytes: 0);
        Measure(ml, prepared, baseline, "streaming, text file, no spill", cacheMegabytes: 0, spill: false);
        // The same streaming path over rows ML.NET holds in memory: separates CSV parsing from the rest of the path.
        IDataView inMemory = ml.Data.Cache(prepared);
        Measure(ml, inMemory, baseline, "streaming, ml.Data.Cache, no spill", cacheMegabytes: 0, spill: false);
        Console.WriteLine("  Target: the data path adds under 10% (ratio < 1.10).");

        // Where streaming time goes: one cursor pass reading Features and Label, as the streaming reader thread does.
        Console.WriteLine($"  One cursor pass over the rows (Features + Label getters), median of 5: "
            + $"text file {CursorPassMilliseconds(prepared):F1} ms, ml.Data.Cache {CursorPassMilliseconds(inMemory):F1} ms");
    }

    private static double CursorPassMilliseconds(IDataView data)
    {
        var times = new List<double>();
        for (int i = 0; i < 6; i++)
        {
            var clock = Stopwatch.StartNew();
            using var cursor = data.GetRowCursor([data.Schema["Features"], data.Schema["Label"]]);
            var features = cursor.GetGetter<VBuffer<float>>(data.Schema["Features"]);
            var label = cursor.GetGetter<bool>(data.Schema["Label"]);
            VBuffer<float> buffer = default;
            bool value = false;
            while (cursor.MoveNext())
            {
                features(ref buffer);
                label(ref value);
            }
            if (i > 0) times.Add(clock.Elapsed.TotalMilliseconds);   // the first pass warms up
        }
        return Report.Median(times);
    }

    private static void Measure(MLContext ml, IDataView data, PlainTorchLoop baseline, string name, int cacheMegabytes, bool spill = true)
    {
        var interleave = new BaselineEpochAfterEach(baseline);
        var options = new DeepMlpBinaryTrainer.Options
        {
            NumberOfEpochs = Epochs, Seed = 1, MaxCacheSizeInMegabytes = cacheMegabytes, SpillStreamedRows = spill,
        };
        options.Callbacks.Add(interleave);
        using var model = ml.BinaryClassification.Trainers.DeepMlp(options).Fit(data);

        double deep = Report.Median(model.History.Epochs.Skip(1).Select(e => e.Duration.TotalMilliseconds));
        double plain = Report.Median(interleave.Milliseconds.Skip(1));
        double ratio = deep / plain;
        Console.WriteLine($"  {name,-44} {deep,10:F1} {plain,9:F1} {ratio,7:F3} {(ratio - 1) * 100,8:+0.0;-0.0}%");
    }

    /// <summary>Runs and times one plain-loop epoch at the end of each DeepMlp epoch.</summary>
    private sealed class BaselineEpochAfterEach(PlainTorchLoop baseline) : TrainingCallback
    {
        public List<double> Milliseconds { get; } = [];

        public override void OnEpochEnd(TrainingContext context, EpochRecord record)
        {
            var clock = Stopwatch.StartNew();
            baseline.TrainEpoch(record.Epoch);
            Milliseconds.Add(clock.Elapsed.TotalMilliseconds);
        }
    }

    /// <summary>
    /// The baseline: Linear(F,512)-ReLU-Dropout(0.2)-Linear(512,256)-ReLU-Dropout(0.2)-Linear(256,1), Adam lr 2e-3,
    /// BCE with logits, over standardized features already in a tensor; a shuffled index_select per batch and one
    /// dispose scope per batch.
    /// </summary>
    private sealed class PlainTorchLoop : IDisposable
    {
        private readonly Tensor _features;
        private readonly Tensor _labels;
        private readonly nn.Module<Tensor, Tensor> _network;
        private readonly optim.Optimizer _optimizer;

        public PlainTorchLoop(IDataView prepared)
        {
            float[][] rows = prepared.GetColumn<float[]>("Features").ToArray();
            float[] labels = prepared.GetColumn<bool>("Label").Select(l => l ? 1f : 0f).ToArray();
            int featureCount = rows[0].Length;
            using (var x = tensor(rows.SelectMany(r => r).ToArray(), [rows.Length, featureCount]))
            {
                // Standardized like DeepMlp's StandardizeFeatures (the pipeline's NormalizeMeanVariance does not center).
                var (std, mean) = std_mean(x, dimensions: [0], keepdim: true);
                _features = ((x - mean) / std.clamp_min(1e-6f)).DetachFromDisposeScope();
            }
            _labels = tensor(labels);
            manual_seed(1);
            _network = nn.Sequential(
                nn.Linear(featureCount, 512), nn.ReLU(), nn.Dropout(0.2),
                nn.Linear(512, 256), nn.ReLU(), nn.Dropout(0.2),
                nn.Linear(256, 1));
            _optimizer = optim.Adam(_network.parameters(), lr: 2e-3);
        }

        public void TrainEpoch(int seed)
        {
            _network.train();
            long count = _features.shape[0];
            var order = new long[count];
            for (long i = 0; i < count; i++) order[i] = i;
            new Random(seed).Shuffle(order);
            for (long start = 0; start < count; start += BatchSize)
            {
                using var scope = NewDisposeScope();
                int rows = (int)Math.Min(BatchSize, count - start);
                var index = tensor(order.AsSpan((int)start, rows).ToArray());
                var x = _features.index_select(0, index);
                var y = _labels.index_select(0, index);
                _optimizer.zero_grad();
                var loss = nn.functional.binary_cross_entropy_with_logits(_network.call(x).view(-1), y);
                loss.backward();
                _optimizer.step();
                _ = loss.item<float>();
            }
        }

        public void Dispose()
        {
            _features.Dispose();
            _labels.Dispose();
            _network.Dispose();
            _optimizer.Dispose();
        }
    }
}
