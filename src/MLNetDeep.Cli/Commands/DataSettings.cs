using System.ComponentModel;
using MLNetDeep.Cli.Data;
using Spectre.Console.Cli;

namespace MLNetDeep.Cli.Commands;

/// <summary>The options of the commands that read a labelled CSV dataset and infer its columns (train, doctor).</summary>
public class DataSettings : CommandSettings
{
    /// <summary>The CSV file (header line first; comma, semicolon or tab separated).</summary>
    [CommandOption("--dataset <FILE>", isRequired: true)]
    [Description("The CSV file: a header line, then one row per line (comma, semicolon or tab separated).")]
    public string Dataset { get; set; } = "";

    /// <summary>The label column's name.</summary>
    [CommandOption("--label <COLUMN>", isRequired: true)]
    [Description("The column to predict.")]
    public string Label { get; set; } = "";

    /// <summary>The task, or auto to infer it from the label.</summary>
    [CommandOption("--task <TASK>")]
    [Description("auto (default), binary, multiclass or regression. auto: two values → binary; text or up to 100 distinct integers → multiclass; other numbers → regression.")]
    [DefaultValue(TaskKind.Auto)]
    public TaskKind Task { get; set; } = TaskKind.Auto;

    /// <summary>Column kinds that override the inference.</summary>
    [CommandOption("--column <NAME:KIND>")]
    [Description("Override a column's inferred kind: name:numeric|categorical|text|ignore. Repeat for several columns.")]
    public string[] Columns { get; set; } = [];

    /// <summary>The seed of the split, the search and the trainers.</summary>
    [CommandOption("--seed <N>")]
    [Description("Seed of the split, the search and the trainers (default 1): the same seed and data give the same trials.")]
    [DefaultValue(1)]
    public int Seed { get; set; } = 1;
}
