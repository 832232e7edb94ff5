using System.Globalization;
using MLNetDeep.Cli;
using MLNetDeep.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

// mlnetdeep: train, predict, evaluate, doctor, inspect. Exit codes: see ExitCodes (0 ok, 1 user error, 2 usage error, 3 internal).
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;   // numbers with a dot, everywhere
if (!AnsiConsole.Profile.Capabilities.Interactive)
    AnsiConsole.Profile.Width = 160;   // redirected output: a fixed width, wider than the usual default

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("mlnetdeep");
    config.UseStrictParsing();   // an unknown or misspelt option is a usage error, never silently ignored
    config.SetApplicationVersion(MLNetDeep.Cli.CodeGeneration.GeneratedCodeSpec.VersionOf(typeof(ExitCodes).Assembly));
    config.SetExceptionHandler((exception, _) => ErrorReporter.Report(exception, Console.Error));
    config.AddCommand<TrainCommand>("train")
        .WithDescription("Search DeepMlp models on a CSV file within a time budget, compare with FastTree and LightGBM on held-out test rows, save the best model, its report and ready-to-use C#.")
        .WithExample("train", "--dataset", "spambase.csv", "--label", "type", "--time", "60");
    config.AddCommand<PredictCommand>("predict")
        .WithDescription("Score the rows of a CSV file with a model.zip written by train.")
        .WithExample("predict", "--model", "out/model.zip", "--input", "rows.csv", "--output", "scored.csv");
    config.AddCommand<EvaluateCommand>("evaluate")
        .WithDescription("Print the multi-metric report of a model.zip on a labelled CSV file.")
        .WithExample("evaluate", "--model", "out/model.zip", "--dataset", "out/test.csv", "--label", "type");
    config.AddCommand<DoctorCommand>("doctor")
        .WithDescription("Check a dataset and a default DeepMlp setup before training: sanity checks, the learning-rate finder, advice.")
        .WithExample("doctor", "--dataset", "spambase.csv", "--label", "type");
    config.AddCommand<InspectCommand>("inspect")
        .WithDescription("Show a model.zip's network summary and reproducibility record, and verify its integrity.")
        .WithExample("inspect", "--model", "out/model.zip");
});
return app.Run(args);
