using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Cli.CodeGeneration;
using MLNetDeep.Cli.Data;
using MLNetDeep.Cli.Training;
using MLNetDeep.Scoring;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MLNetDeep.Cli.Commands;

/// <summary>
/// <c>mlnetdeep train</c>: infers the task and column kinds, sets 15% of the rows aside as test rows (written to
/// test.csv), fits FastTree and LightGBM and searches DeepMlp configurations on the rest within <c>--time</c>, scores
/// the test rows once per model, and writes model.zip (the best DeepMlp), model.onnx, the training report and the code.
/// </summary>
public sealed class TrainCommand : Command<TrainSettings>
{
    /// <summary>Share of the rows set aside as test rows.</summary>
    public const double TestFraction = 0.15;

    /// <inheritdoc/>
    public override int Execute(CommandContext context, TrainSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var console = AnsiConsole.Console;
        var culture = CultureInfo.InvariantCulture;
        var clock = Stopwatch.StartNew();
        var budget = TimeSpan.FromSeconds(settings.Time);
        var dataset = DatasetAnalysis.Read(settings.Dataset, settings.Label, settings.Task, settings.Columns);
        dataset.Print(console);

        var ml = new MLContext(seed: settings.Seed);
        var featurization = new Featurization(ml, dataset.Label, dataset.Features);
        var runner = TaskRunner.For(dataset.Label.Task);
        string output = Path.GetFullPath(settings.Output);
        Directory.CreateDirectory(output);
        var (developmentRows, testRows) = HoldoutSplit.Split(dataset.Table, dataset.Label, TestFraction, settings.Seed);
        string trainPath = Path.Combine(output, "train.csv"), testPath = Path.Combine(output, "test.csv");
        DatasetFile.Write(dataset.Table, featurization.Columns, developmentRows, trainPath);
        DatasetFile.Write(dataset.Table, featurization.Columns, testRows, testPath);
        // The label is converted before the split into training and validation rows (the conversion learns nothing from the
        // rows); the saved model starts with the conversion, so it reads the label as written in the CSV file.
        var rawDevelopment = DatasetFile.Load(ml, featurization.Columns, trainPath);
        TransformerChain<ITransformer> labelConversion = featurization.LabelConversion().Fit(rawDevelopment);
        var development = ml.Data.Cache(labelConversion.Transform(rawDevelopment));
        var test = DatasetFile.Load(ml, featurization.Columns, testPath);
        console.Line($"Split (seed {settings.Seed}): {testRows.Length} test rows set aside in test.csv; {developmentRows.Length} rows for training and validation in train.csv");

        // The workflow splits the development rows into training and validation rows; its own test set is one row, left unused
        // (the test rows are test.csv, scored once per model below).
        var workflowOptions = new TestOnceOptions { LabelColumnName = Featurization.LabelColumnName, Seed = settings.Seed, ValidationFraction = TestFraction / (1 - TestFraction), TestFraction = 1.0 / developmentRows.Length };
        var printer = new SearchProgressPrinter(console, dataset.Label.Task == TaskKind.Regression ? "RMSE" : "log-loss");
        var searchOptions = new SearchOptions { MaxTrials = settings.Trials, Seed = settings.Seed, RefitAndEvaluateTest = false, StartupTrials = 5, Progress = printer, CancellationToken = cancellationToken };
        var baselines = new List<(string Name, ITransformer Model, TimeSpan Time)>();
        void FitBaselines(IDataView training)
        {
            foreach (var (name, trainer) in runner.Baselines(ml, dataset.Label))
            {
                var fitClock = Stopwatch.StartNew();
                baselines.Add((name, featurization.Then(trainer).Fit(training), fitClock.Elapsed));
                console.Line($"Baseline {name}: fitted in {fitClock.Elapsed.TotalSeconds:F1} s");
            }
            var left = budget - clock.Elapsed;
            if (left < TimeSpan.FromSeconds(0.5))
                throw SearchOutcome.BudgetTooSmall(left < TimeSpan.Zero ? TimeSpan.Zero : left);
            searchOptions.MaxTime = left;
            console.Line($"Searching DeepMlp (TPE, successive halving) for {left.TotalSeconds:F0} s{(settings.Trials is { } trials ? $" or {trials} trials, whichever ends first" : "")}:");
        }
        SearchOutcome search = Run(console, () => runner.Search(ml, development, featurization, workflowOptions, searchOptions, FitBaselines), printer);
        console.Line(search.Summary);

        console.MarkupLine("\n[bold]Test rows [/](test.csv), scored once by each model");
        var labelledTest = labelConversion.Transform(test);
        var comparison = runner.Compare(ml, [("DeepMlp", search.BestModel.Transform(labelledTest)), .. baselines.Select(b => (b.Name, b.Model.Transform(labelledTest)))]);
        console.Line(comparison.ToString());

        string modelPath = Path.Combine(output, "model.zip");
        // Saved: the label's conversion, the best pipeline, and (classification) the predicted class as the label's text.
        var saved = new List<ITransformer> { labelConversion, search.BestModel };
        if (Featurization.PredictedClass(ml, dataset.Label) is { } predictedClass)
            saved.Add(predictedClass.Fit(search.BestModel.Transform(labelledTest)));
        MLNetDeepScoring.SaveModel(ml, new TransformerChain<ITransformer>([.. saved]), rawDevelopment.Schema, modelPath);
        double metric = ReloadedMetric(runner, modelPath, featurization.Columns, testPath);
        console.Line(string.Create(culture, $"model.zip reloaded, scored on test.csv: {runner.MetricName} {metric:F8}"));

        TrainOutputs.WriteOnnx(console, ml, search.BestModel, test, Path.Combine(output, "model.onnx"));
        string report = TrainOutputs.WriteReport(search, comparison, Path.Combine(output, "report"));
        string code = CodeGenerator.Write(new GeneratedCodeSpec(runner, dataset.Label, featurization.Columns, metric, settings.ScoringProject), Path.Combine(output, "code"));
        console.Line($"\nWrote to {output}: model.zip (DeepMlp; baselines are reported, not saved), train.csv, test.csv, {report}, {code}");
        console.Line($"Done in {clock.Elapsed.TotalSeconds:F1} s. Try: mlnetdeep evaluate --model {Path.Combine(settings.Output, "model.zip")} --dataset {Path.Combine(settings.Output, "test.csv")} --label {dataset.Label.Name}");
        return ExitCodes.Success;
    }

    /// <summary>The metric of model.zip as loaded back from disk on test.csv, as the generated console app computes it.</summary>
    private static double ReloadedMetric(TaskRunner runner, string modelPath, IReadOnlyList<DataColumn> columns, string testPath)
    {
        var ml = new MLContext(seed: 0);
        var model = MLNetDeepScoring.LoadModel(ml, modelPath, out _, ModelLoading.Options());
        return runner.Metric(ml, model.Transform(DatasetFile.Load(ml, columns, testPath)));
    }

    /// <summary>Runs the search under a live status line on an interactive terminal, plainly otherwise.</summary>
    private static SearchOutcome Run(IAnsiConsole console, Func<SearchOutcome> search, SearchProgressPrinter printer)
    {
        if (!console.Profile.Capabilities.Interactive)
            return search();
        return console.Status().Start("Starting", status =>
        {
            printer.Status = text => status.Status(Markup.Escape(text));
            try
            {
                return search();
            }
            finally
            {
                printer.Status = null;
            }
        });
    }
}
