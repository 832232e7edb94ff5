using System.ComponentModel;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Cli.Data;
using MLNetDeep.Cli.Training;
using MLNetDeep.Plots;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MLNetDeep.Cli.Commands;

/// <summary>
/// <c>mlnetdeep doctor</c>: before training, checks the dataset and a default DeepMlp setup on the featurization train
/// would use (the library's CheckSetup: initial loss, overfitting 32 rows, gradient check, feature scale, constant
/// features, single-feature leaks, duplicate rows, baseline), runs the learning-rate finder, and prints advice.
/// </summary>
public sealed class DoctorCommand : Command<DoctorCommand.Settings>
{
    /// <summary>The options of <c>mlnetdeep doctor</c>.</summary>
    public sealed class Settings : DataSettings
    {
        /// <summary>Where the learning-rate finder's plot goes.</summary>
        [CommandOption("--output <FOLDER>")]
        [Description("Folder for the learning-rate finder's plot, learning-rate-finder.png (default: no plot).")]
        public string? Output { get; set; }
    }

    /// <inheritdoc/>
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var console = AnsiConsole.Console;
        var culture = CultureInfo.InvariantCulture;
        var dataset = DatasetAnalysis.Read(settings.Dataset, settings.Label, settings.Task, settings.Columns);
        dataset.Print(console);
        var advice = Advice(dataset).ToList();

        var ml = new MLContext(seed: settings.Seed);
        var featurization = new Featurization(ml, dataset.Label, dataset.Features);
        var runner = TaskRunner.For(dataset.Label.Task);
        string file = Path.Combine(Path.GetTempPath(), $"mlnetdeep-doctor-{Guid.NewGuid():N}.csv");
        try
        {
            DatasetFile.Write(dataset.Table, featurization.Columns, Enumerable.Range(0, dataset.Table.Rows.Count), file);
            var data = ml.Data.Cache(DatasetFile.Load(ml, featurization.Columns, file));
            var preprocessing = new EstimatorChain<ITransformer>();
            foreach (var step in featurization.LabelSteps.Concat(featurization.FeatureSteps))
                preprocessing = preprocessing.Append(step);

            console.MarkupLine("\n[bold]Setup checks [/](default DeepMlp on this featurization, all rows)");
            SetupReport setup = runner.CheckSetup(ml, preprocessing, data, settings.Seed);
            console.Line(setup.ToString());
            advice.AddRange(setup.Findings.Where(f => f.Status != SetupStatus.Pass).Select(f => $"{f.Name}: {f.Summary}" + (f.Remedy is null ? "" : $" Remedy: {f.Remedy}")));

            console.MarkupLine("\n[bold]Learning-rate finder[/]");
            var featurized = preprocessing.Fit(data).Transform(data);
            LearningRateFinderResult finder = runner.FindLearningRate(ml, featurized, settings.Seed);
            console.Line(string.Create(culture, $"Suggested learning rate {finder.SuggestedLearningRate:G3} ({finder.SuggestionRule}); the default is {DeepMlpDefaults.LearningRate:G3}."));
            foreach (string note in finder.Notes)
                console.Line("  " + note);
            if (settings.Output is { } folder)
                console.Line("Plot: " + finder.SavePlot(Path.Combine(folder, "learning-rate-finder.png")));
            double ratio = finder.SuggestedLearningRate / DeepMlpDefaults.LearningRate;
            if (ratio is > 10 or < 0.1)
                advice.Add(string.Create(culture, $"The finder suggests {finder.SuggestedLearningRate:G3}, far from the default {DeepMlpDefaults.LearningRate:G3}; `mlnetdeep train` searches 3e-4 to 1e-2."));
        }
        finally
        {
            File.Delete(file);
        }

        console.MarkupLine("\n[bold]Advice[/]");
        if (advice.Count == 0)
            advice.Add("No problem found: run `mlnetdeep train` with the same --dataset and --label.");
        foreach (string line in advice)
            console.Line("- " + line);
        return ExitCodes.Success;
    }

    /// <summary>Advice from the dataset alone: size, class balance, missing values, ignored columns.</summary>
    private static IEnumerable<string> Advice(DatasetAnalysis dataset)
    {
        var culture = CultureInfo.InvariantCulture;
        int rows = dataset.Table.Rows.Count;
        if (rows < 1000)
            yield return string.Create(culture, $"Only {rows} rows: a deep model may not beat FastTree or LightGBM here; train compares them on the same test rows.");
        if (dataset.Label.Task != TaskKind.Regression)
        {
            var counts = dataset.Table.Rows.GroupBy(r => r[dataset.Label.Index].Trim(), StringComparer.Ordinal).Select(g => (g.Key, Count: g.Count())).OrderBy(g => g.Count).ToList();
            if (counts[0].Count * 10 < counts[^1].Count)
                yield return string.Create(culture, $"Class '{counts[0].Key}' has {counts[0].Count} rows against {counts[^1].Count} of '{counts[^1].Key}': judge by balanced accuracy, AUPRC or macro F1, not accuracy.");
        }
        foreach (var f in dataset.Features.Where(f => f.MissingCount > 0))
            yield return string.Create(culture, $"Column '{f.Name}' misses {f.MissingCount} values ({(double)f.MissingCount / rows:P0}); train imputes them (numbers: training mean plus an indicator column).");
        foreach (var f in dataset.Features.Where(f => f.Kind == ColumnKind.Ignore && f.Reason != "from --column"))
            yield return $"Column '{f.Name}' is ignored ({f.Reason}); declare it with --column {f.Name}:categorical (or another kind) to use it.";
    }
}
