using System.ComponentModel;
using Spectre.Console.Cli;

namespace MLNetDeep.Cli.Commands;

/// <summary>The option of the commands that read a model.zip.</summary>
public class ModelSettings : CommandSettings
{
    /// <summary>The model.zip written by <c>mlnetdeep train</c>.</summary>
    [CommandOption("--model <ZIP>", isRequired: true)]
    [Description("The model.zip written by `mlnetdeep train`.")]
    public string Model { get; set; } = "";
}
