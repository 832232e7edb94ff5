using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MLNetDeep.Cli.Commands;

/// <summary>The options of <c>mlnetdeep train</c>.</summary>
public sealed class TrainSettings : DataSettings
{
    /// <summary>The wall-time budget in seconds for the baselines and the search.</summary>
    [CommandOption("--time <SECONDS>")]
    [Description("Seconds for the FastTree and LightGBM baselines and the DeepMlp search together (default 60); scoring and writing the outputs come after.")]
    [DefaultValue(60.0)]
    public double Time { get; set; } = 60;

    /// <summary>The most DeepMlp trials, or null to search until the time budget ends.</summary>
    [CommandOption("--trials <N>")]
    [Description("Stop the DeepMlp search after N trials even if time is left (default: search until --time ends). With --trials (and a --time that does not run out first), the same seed and data give the same trials on the same machine.")]
    public int? Trials { get; set; }

    /// <summary>The output folder.</summary>
    [CommandOption("--output <FOLDER>")]
    [Description("Folder for model.zip, model.onnx, train.csv, test.csv, report/ and code/ (default mlnetdeep-model; files of the same names are replaced).")]
    [DefaultValue("mlnetdeep-model")]
    public string Output { get; set; } = "mlnetdeep-model";

    /// <summary>The MLNetDeep.Scoring project the generated code references instead of the package.</summary>
    [CommandOption("--scoring-project <CSPROJ>")]
    [Description("Path of src/MLNetDeep.Scoring/MLNetDeep.Scoring.csproj for the generated projects to reference (default: the MLNETDEEP_SCORING_PROJECT environment variable, else the MLNetDeep.Scoring package of this version).")]
    public string? ScoringProject { get; set; }

    /// <inheritdoc/>
    public override ValidationResult Validate() =>
        !(Time > 0) ? ValidationResult.Error($"--time must be a positive number of seconds; got {Time}.")
        : Trials is < 1 ? ValidationResult.Error($"--trials must be at least 1; got {Trials}.")
        : string.IsNullOrWhiteSpace(Output) ? ValidationResult.Error("--output must name a folder.")
        : ValidationResult.Success();
}
