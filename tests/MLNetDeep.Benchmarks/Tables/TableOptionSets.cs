namespace MLNetDeep.Benchmarks.Tables;

/// <summary>The option sets the small-tables section compares: today's defaults and, for the before/after report, the old ones.</summary>
internal static class TableOptionSets
{
    /// <summary>DeepMlp's defaults before issue 19: 40 epochs of batch 128 at 2e-3, no early stopping.</summary>
    public static void Before(DeepMlpOptionsBase o)
    {
        o.NumberOfEpochs = 40;
        o.BatchSize = 128;
        o.LearningRate = 2e-3;
    }

    /// <summary>
    /// The sets named in MLNETDEEP_BENCH_TABLES (comma-separated: defaults, before, autograd: the defaults trained through
    /// autograd instead of the hand-written pass), defaults when unset.
    /// </summary>
    public static IReadOnlyList<(string Name, Action<DeepMlpOptionsBase> Configure)> FromEnvironment()
    {
        var all = new Dictionary<string, Action<DeepMlpOptionsBase>>(StringComparer.OrdinalIgnoreCase)
        {
            ["defaults"] = _ => { },
            ["before"] = Before,
            ["autograd"] = o => o.UseHandWrittenPass = false,
        };
        string names = Environment.GetEnvironmentVariable("MLNETDEEP_BENCH_TABLES") ?? "defaults";
        return [.. names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => all.TryGetValue(n, out var set) ? (n, set) : (n, Parse(n)))];
    }

    /// <summary>An ad hoc set for exploring: e.g. <c>batch=512;lr=0.004;epochs=5;patience=3</c> (patience turns early stopping on).</summary>
    private static Action<DeepMlpOptionsBase> Parse(string spec) => o =>
    {
        foreach (var part in spec.Split(';'))
        {
            var (key, value) = (part.Split('=')[0], part.Split('=')[1]);
            var number = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
            switch (key)
            {
                case "batch": o.BatchSize = (int)number; break;
                case "lr": o.LearningRate = number; break;
                case "epochs": o.NumberOfEpochs = (int)number; break;
                case "patience": o.EarlyStopping = new EarlyStoppingOptions { Patience = (int)number }; break;
                case "dropout": o.DropoutRate = number; break;
                case "vf": o.ValidationFraction = number; break;
                default: throw new ArgumentException($"Unknown key '{key}' in option set '{spec}'.");
            }
        }
    };
}
