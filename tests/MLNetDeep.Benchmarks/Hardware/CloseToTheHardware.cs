using Microsoft.ML;
using static TorchSharp.torch;

namespace MLNetDeep.Benchmarks.Hardware;

/// <summary>
/// Section <c>hardware</c> (issue 19): DeepMlp's Fashion-MNIST epoch (784-256-256-10, default dropout, Adam, batch
/// 256) against its floor, the epoch's matrix products alone (<see cref="MatrixProductFloor"/>), measured in the same
/// run: one floor epoch after each DeepMlp epoch, through a callback outside the epoch's clock. Then a per-step profile
/// (<see cref="StepProfile"/>) of the usual way (libtorch's dropout, TorchSharp's Adam) and of MLNetDeep's parts.
/// On a CUDA build (<c>tests/MLNetDeep.Benchmarks/gpu-fashion-mnist.sh</c>), MLNETDEEP_BENCH_DEVICE=cuda trains on the GPU
/// with MLNETDEEP_BENCH_PRECISION (None, Float16 or BFloat16) and times the floor in that type; the per-step profile,
/// which times CPU phases, is skipped there.
/// </summary>
internal static class CloseToTheHardware
{
    private static readonly int[] Widths = [FashionMnist.PixelCount, 256, 256, FashionMnist.ClassCount];
    private const int BatchSize = 256;
    private const int Epochs = 6;        // the first warms up; medians over the rest
    private const int ProfileRounds = 3;
    private const double Target = 1.3;

    public static void Run()
    {
        Report.Section("k. Close to the hardware (Fashion-MNIST, 60,000 rows, 784-256-256-10, dropout 0.2, Adam, batch 256)");
        if (!FashionMnist.IsInstalled)
        {
            Console.WriteLine($"  skipped: Fashion-MNIST is not in {FashionMnist.Folder} (apt-get install dataset-fashion-mnist).");
            return;
        }
        var data = FashionMnist.Load();
        bool onGpu = string.Equals(Environment.GetEnvironmentVariable("MLNETDEEP_BENCH_DEVICE"), "cuda", StringComparison.OrdinalIgnoreCase);
        var precision = Enum.Parse<MixedPrecision>(Environment.GetEnvironmentVariable("MLNETDEEP_BENCH_PRECISION") ?? nameof(MixedPrecision.None), ignoreCase: true);
        if (onGpu && !cuda.is_available())
            throw new InvalidOperationException("MLNETDEEP_BENCH_DEVICE=cuda, but CUDA is not available: build with -p:TorchBackend=cuda on a machine with an NVIDIA GPU.");
        var type = precision switch { MixedPrecision.Float16 => ScalarType.Float16, MixedPrecision.BFloat16 => ScalarType.BFloat16, _ => ScalarType.Float32 };
        Console.WriteLine($"  device {(onGpu ? "CUDA" : "CPU")}, precision {precision} (floor in {type})");
        using var floor = new MatrixProductFloor(Widths, data.Rows, BatchSize, onGpu ? CUDA : CPU, type);
        floor.TimeEpoch();   // warm-up
        double gflop = floor.FlopsPerEpoch / 1e9;
        Console.WriteLine($"  torch threads {get_num_threads()}; the epoch's matrix products: {gflop:F1} GFLOP; load {Report.LoadAverage()}");

        var (deepMlp, floors) = DeepMlpEpochs(data, floor, onGpu, precision);
        double deep = Report.Median(deepMlp), bottom = Report.Median(floors);
        Console.WriteLine($"  floor (products alone, median of {floors.Count}):  {bottom * 1000,7:F0} ms  {gflop / bottom,6:F1} GFLOP/s");
        Console.WriteLine($"  DeepMlp epoch (median of {deepMlp.Count}):           {deep * 1000,7:F0} ms  {gflop / deep,6:F1} GFLOP/s effective"
            + $"  ratio {deep / bottom:F2} (target ≤ {Target}: {(deep / bottom <= Target ? "PASS" : "FAIL")})");
        var pairs = deepMlp.Zip(floors, (d, f) => d / f).ToList();
        Console.WriteLine($"  each epoch / the floor timed right after it: {string.Join(", ", deepMlp.Zip(floors, (d, f) => $"{d * 1000:F0}/{f * 1000:F0}"))} ms;"
            + $" ratios {string.Join(", ", pairs.Select(r => r.ToString("F2")))}, median {Report.Median(pairs):F2}");
        if (!onGpu)
            Profile(data, bottom);
        Console.WriteLine($"  load average at the end: {Report.LoadAverage()}");
    }

    private static (List<double> DeepMlp, List<double> Floors) DeepMlpEpochs(FashionMnist data, MatrixProductFloor floor, bool onGpu, MixedPrecision precision)
    {
        var ml = new MLContext(seed: 1);
        var floors = new FloorAfterEachEpoch(floor);
        var options = new DeepMlpMulticlassTrainer.Options
        {
            HiddenLayerSizes = [Widths[1], Widths[2]], BatchSize = BatchSize, NumberOfEpochs = Epochs, Seed = 1,
            Device = onGpu ? TrainingDevice.Cuda : TrainingDevice.Cpu, MixedPrecision = precision,
        };
        options.Callbacks.Add(floors);
        using var model = ml.MulticlassClassification.Trainers.DeepMlp(options).Fit(data.ToDataView(ml));
        var epochs = model.History.Epochs.Skip(1).Select(e => e.Duration.TotalSeconds).ToList();
        return (epochs, floors.Seconds.Skip(1).ToList());
    }

    private static void Profile(FashionMnist data, double floorSeconds)
    {
        using var scope = NewDisposeScope();
        var features = tensor(data.Pixels, [data.Rows, FashionMnist.PixelCount]);
        var labels = tensor(data.Labels.Select(l => (long)l).ToArray());
        StepVariant[] variants = [StepVariant.Usual, StepVariant.Parts, StepVariant.Pass];
        var profiles = variants.Select(v => new StepProfile(features, labels, Widths, 0.2, BatchSize, v)).ToList();
        var seconds = variants.Select(_ => new double[StepProfile.Phases.Length]).ToList();
        try
        {
            foreach (var profile in profiles)
            {
                profile.TrainEpoch(0, new double[StepProfile.Phases.Length]);   // warm-up
                profile.StartPassBreakdown();
            }
            for (int round = 1; round <= ProfileRounds; round++)   // interleaved
            {
                for (int v = 0; v < variants.Length; v++)
                    profiles[v].TrainEpoch(round, seconds[v]);
            }
        }
        finally
        {
            profiles.ForEach(p => p.Dispose());
        }
        var breakdown = profiles[Array.IndexOf(variants, StepVariant.Pass)].PassBreakdown!.Seconds.Select(s => s * 1000 / ProfileRounds).ToArray();

        Console.WriteLine($"  Per-step profile of a replica step, ms per epoch (mean of {ProfileRounds} interleaved epochs):");
        Console.WriteLine($"    {"phase",-10} {"usual way",10} {"parts",10} {"pass",10}   (usual way: libtorch bernoulli_ dropout mask, autograd, TorchSharp Adam;");
        Console.WriteLine("                                             parts: autograd with MLNetDeep's mask and fused Adam; pass: what DeepMlp runs)");
        for (int p = 0; p < StepProfile.Phases.Length; p++)
        {
            bool inPass = p is 2 or 3 or 6;   // forward, loss and read-back: inside the pass, timed with backward
            Console.WriteLine($"    {StepProfile.Phases[p],-10} " + string.Join(" ", seconds.Select((s, v) =>
                variants[v] == StepVariant.Pass && inPass ? $"{"·",10}" : $"{s[p] * 1000 / ProfileRounds,10:F0}")));
        }
        Console.WriteLine($"    {"fwd..read",-10} " + string.Join(" ", seconds.Select(s => $"{(s[2] + s[3] + s[4] + s[6]) * 1000 / ProfileRounds,10:F0}"))
            + "   (forward, loss, backward and read-back together)");
        var epochs = seconds.Select(s => s.Sum() / ProfileRounds).ToList();
        Console.WriteLine($"    {"epoch",-10} " + string.Join(" ", epochs.Select(e => $"{e * 1000,10:F0}"))
            + $"   ratio to the floor: {string.Join(", ", epochs.Select(e => (e / floorSeconds).ToString("F2")))}");
        Console.WriteLine("    forward and backward include their products (the floor) plus bias, ReLU, dropout and autograd bookkeeping;");
        Console.WriteLine("    the pass's backward column holds its whole forward, loss, backward and read-back.");
        PrintBreakdown(breakdown, floorSeconds);
    }

    /// <summary>How the report names each <see cref="Training.Optimization.PassPhase"/>, in its order.</summary>
    private static readonly string[] PassPhaseLabels = ["bias rows (output layer)", "products, forward", "dropout masks", "bias, ReLU and dropout",
        "loss and logit gradient", "products, weight gradients", "bias gradients", "products, input gradients", "ReLU derivative"];

    /// <summary>The pass's own parts (ms per epoch), its products against the floor's.</summary>
    private static void PrintBreakdown(double[] milliseconds, double floorSeconds)
    {
        if (PassPhaseLabels.Length != milliseconds.Length)
            throw new InvalidOperationException("Name every PassPhase in PassPhaseLabels.");
        Console.WriteLine("  The pass by part, ms per epoch (same epochs):");
        for (int p = 0; p < PassPhaseLabels.Length; p++)
            Console.WriteLine($"    {PassPhaseLabels[p],-28} {milliseconds[p],7:F0}");
        var products = new[] { Training.Optimization.PassPhase.ForwardProducts, Training.Optimization.PassPhase.WeightGradientProducts,
            Training.Optimization.PassPhase.InputGradientProducts }.Sum(p => milliseconds[(int)p]);
        Console.WriteLine($"    {"products together",-28} {products,7:F0}   ({products / (floorSeconds * 1000):F2} times the floor's)");
        Console.WriteLine($"    {"the other parts",-28} {milliseconds.Sum() - products,7:F0}");
    }

    /// <summary>Times one floor epoch after each DeepMlp epoch (outside the epoch's recorded duration).</summary>
    private sealed class FloorAfterEachEpoch(MatrixProductFloor floor) : TrainingCallback
    {
        public List<double> Seconds { get; } = [];

        public override void OnEpochEnd(TrainingContext context, EpochRecord record) => Seconds.Add(floor.TimeEpoch());
    }
}
