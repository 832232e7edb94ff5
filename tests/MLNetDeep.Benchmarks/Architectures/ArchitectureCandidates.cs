using System.Globalization;

namespace MLNetDeep.Benchmarks.Architectures;

/// <summary>
/// The candidate defaults the architectures section compares, by name (MLNETDEEP_BENCH_ARCH, comma-separated; the
/// named sets below when unset), or ad hoc as <c>key=value;...</c>: arch (Mlp, ResNet, TabM, TabMMini), layers
/// (<c>256-256</c>), k, norm, batch, lr, epochs, patience (early stopping on a 10% carved split unless vf is given), vf,
/// dropout, wd (weight decay), sched (Constant, Cosine, Step, OneCycle, ReduceOnPlateau), balanced (1: balanced class
/// weights, classification only); issue 21's embeddings: num (PiecewiseLinear, Periodic), bins, ta (1: target-aware bins),
/// sigma, freq, numdim, and cat (1: the table's categorical columns as keys embedded by the network instead of one-hot).
/// </summary>
internal static class ArchitectureCandidates
{
    private static readonly Dictionary<string, string> Named = new(StringComparer.OrdinalIgnoreCase)
    {
        ["defaults"] = "",
        ["balanced"] = "balanced=1",
        ["resnet"] = "arch=ResNet;layers=256-256-256;norm=LayerNorm;epochs=20;patience=3",
        ["tabm-mini"] = "arch=TabMMini;layers=256-256;k=16;dropout=0.1;epochs=20;patience=3",
        ["tabm"] = "arch=TabM;layers=128-128;k=16;dropout=0.1;epochs=20;patience=3",
        ["small"] = "layers=128-128;batch=512;lr=0.003;epochs=30;patience=4",
        ["onecycle-20"] = "sched=OneCycle;epochs=20",
        ["cat"] = "cat=1",
        ["ple"] = "num=PiecewiseLinear",
        ["ple-target"] = "num=PiecewiseLinear;ta=1",
        ["periodic"] = "num=Periodic",
        ["cat-ple"] = "cat=1;num=PiecewiseLinear",
    };

    /// <summary>What <c>cat=1</c> puts into <see cref="DeepMlpOptionsBase.CategoricalColumnNames"/> until the table names its own key columns.</summary>
    public const string TableKeys = "*";

    /// <summary>The candidates to run: name and how it changes a task's default options.</summary>
    public static IReadOnlyList<(string Name, Action<DeepMlpOptionsBase> Configure)> FromEnvironment()
    {
        string names = Environment.GetEnvironmentVariable("MLNETDEEP_BENCH_ARCH") ?? string.Join(",", Named.Keys);
        return [.. names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => (n, Parse(Named.TryGetValue(n, out string? spec) ? spec : n)))];
    }

    private static Action<DeepMlpOptionsBase> Parse(string spec) => o =>
    {
        foreach (string part in spec.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            string key = part.Split('=')[0], value = part.Split('=')[1];
            double Number() => double.Parse(value, CultureInfo.InvariantCulture);
            switch (key)
            {
                case "arch": o.Architecture = Enum.Parse<Architecture>(value, ignoreCase: true); break;
                case "layers": o.HiddenLayerSizes = [.. value.Split('-').Select(int.Parse)]; break;
                case "k": o.NumberOfTabMMembers = (int)Number(); break;
                case "norm": o.Normalization = Enum.Parse<Normalization>(value, ignoreCase: true); break;
                case "batch": o.BatchSize = (int)Number(); break;
                case "lr": o.LearningRate = Number(); break;
                case "epochs": o.NumberOfEpochs = (int)Number(); break;
                case "patience": o.EarlyStopping = new EarlyStoppingOptions { Patience = (int)Number() }; o.ValidationFraction ??= 0.1; break;
                case "vf": o.ValidationFraction = Number(); break;
                case "dropout": o.DropoutRate = Number(); break;
                case "sched": o.LearningRateSchedule = Enum.Parse<LearningRateSchedule>(value, ignoreCase: true); break;
                case "wd": (o.Optimizer, o.WeightDecay) = (OptimizerAlgorithm.AdamW, Number()); break;
                case "num": o.NumericalEmbedding = Enum.Parse<NumericalEmbedding>(value, ignoreCase: true); break;
                case "bins": o.NumberOfEmbeddingBins = (int)Number(); break;
                case "ta": o.TargetAwareBins = Number() > 0; break;
                case "sigma": o.PeriodicSigma = Number(); break;
                case "freq": o.PeriodicFrequencies = (int)Number(); break;
                case "numdim": o.NumericalEmbeddingDimension = (int)Number(); break;
                case "cat": o.CategoricalColumnNames = Number() > 0 ? [TableKeys] : null; break;
                case "balanced":
                    if (o is DeepMlpClassificationOptionsBase c && Number() > 0)
                        c.ClassWeighting = ClassWeighting.Balanced;
                    break;
                default: throw new ArgumentException($"Unknown key '{key}' in candidate '{spec}'.");
            }
        }
    };
}
