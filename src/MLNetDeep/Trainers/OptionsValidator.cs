using System.Globalization;

namespace MLNetDeep;

/// <summary>Checks every option up front and reports all violations in one message.</summary>
internal static class OptionsValidator
{
    public static void Validate(DeepMlpOptionsBase o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var errors = new OptionErrors();
        ValidateCore(o, errors.Check);
        ArchitectureOptionsValidator.Validate(o, errors);
        EmbeddingOptionsValidator.Validate(o, errors);
        OptimizationOptionsValidator.Validate(o, errors);
        RegularizationOptionsValidator.Validate(o, errors);
        ReliabilityOptionsValidator.Validate(o, errors);
        CheckpointOptionsValidator.Validate(o, errors);
        TensorBoardOptionsValidator.Validate(o, errors);
        DoctorOptionsValidator.Validate(o, errors);
        o.ValidateTaskOptions(errors);
        errors.ThrowIfAny();
    }

    private static void ValidateCore(DeepMlpOptionsBase o, Action<bool, string, object?, string> Check)
    {
        Check(!string.IsNullOrWhiteSpace(o.LabelColumnName), nameof(o.LabelColumnName), o.LabelColumnName, "must name a column");
        Check(!string.IsNullOrWhiteSpace(o.FeatureColumnName), nameof(o.FeatureColumnName), o.FeatureColumnName, "must name a column");
        Check(o.ExampleWeightColumnName is null || o.ExampleWeightColumnName.Trim().Length > 0,
            nameof(o.ExampleWeightColumnName), o.ExampleWeightColumnName, "must be null or name a column");
        Check(o.HiddenLayerSizes is not null, nameof(o.HiddenLayerSizes), o.HiddenLayerSizes, "must be an array (empty for a linear model)");
        if (o.HiddenLayerSizes is not null)
        {
            for (int i = 0; i < o.HiddenLayerSizes.Length; i++)
                Check(o.HiddenLayerSizes[i] >= 1, $"HiddenLayerSizes[{i}]", o.HiddenLayerSizes[i], "must be at least 1");
        }
        Check(Enum.IsDefined(o.Activation), nameof(o.Activation), o.Activation, "must be one of " + string.Join(", ", Enum.GetNames<Activation>()));
        Check(o.DropoutRate >= 0 && o.DropoutRate < 1, nameof(o.DropoutRate), o.DropoutRate, "must be in [0, 1)");
        Check(o.BatchSize >= 1, nameof(o.BatchSize), o.BatchSize, "must be at least 1");
        Check(o.NumberOfEpochs >= 1, nameof(o.NumberOfEpochs), o.NumberOfEpochs, "must be at least 1");
        Check(Enum.IsDefined(o.Device), nameof(o.Device), o.Device, "must be Auto, Cpu or Cuda");
        Check(Enum.IsDefined(o.MissingValues), nameof(o.MissingValues), o.MissingValues, "must be Impute or Error");
        Check(o.MaxCacheSizeInMegabytes >= 0, nameof(o.MaxCacheSizeInMegabytes), o.MaxCacheSizeInMegabytes, "must be at least 0 (0 always streams)");
        Check(o.SpillDirectory is null || Directory.Exists(o.SpillDirectory), nameof(o.SpillDirectory), o.SpillDirectory, "must be null or an existing folder");
        Check(o.ShufflePoolSize >= 1, nameof(o.ShufflePoolSize), o.ShufflePoolSize, "must be at least 1");
        Check(o.PrefetchBatches >= 1, nameof(o.PrefetchBatches), o.PrefetchBatches, "must be at least 1");
        Check(!o.Callbacks.Contains(null!), nameof(o.Callbacks), "a list with a null entry", "must not contain null");
    }
}

/// <summary>Collects option violations, each as "Name is value, but rule.", and throws them together.</summary>
/// <param name="heading">The first line of the message; default "Invalid DeepMlp options:".</param>
internal sealed class OptionErrors(string heading = "Invalid DeepMlp options:")
{
    private readonly List<string> _errors = [];

    public void Check(bool ok, string name, object? value, string rule)
    {
        if (!ok)
            _errors.Add(string.Create(CultureInfo.InvariantCulture, $"{name} is {Show(value)}, but {rule}."));
    }

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
            throw new ArgumentException(heading + Environment.NewLine + "- " + string.Join(Environment.NewLine + "- ", _errors));
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => $"'{s}'",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        int[] a => "[" + string.Join(", ", a) + "]",
        double[] a => "[" + string.Join(", ", a.Select(d => d.ToString("R", CultureInfo.InvariantCulture))) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null",
    };
}
