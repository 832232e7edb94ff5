using System.Diagnostics;
using Microsoft.ML;
using MLNetDeep.Examples;
using MLNetDeep.Plots;
using MLNetDeep.Training;

namespace MLNetDeep.Benchmarks;

/// <summary>
/// Section lrfinder: does the learning-rate finder's rate train as well as the best rate of a grid? For seeds 1, 2 and 3,
/// on a seeded 80/20 split of Spambase, FindLearningRate runs on the training rows (default range: 1e-7 to 10 over 100
/// steps); then the same network (Seed = the split's seed) trains for the same epochs with each grid rate and with the
/// rate of each suggestion rule, and the validation accuracies are compared. The finder aims to be within 0.01 of the
/// best grid rate; the rule with the best record is the one FindLearningRate reports.
/// </summary>
internal static class LearningRateFinderBench
{
    private const double Tolerance = 0.01;
    private const int Epochs = 10;
    private static readonly int[] Seeds = [1, 2, 3];
    private static readonly double[] Grid = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1];
    private static readonly SuggestionRuleKind[] Rules = [SuggestionRuleKind.Valley, SuggestionRuleKind.SteepestDescent, SuggestionRuleKind.MinimumOverTen];

    public static void Run()
    {
        Report.Section($"f. Learning-rate finder (Spambase, seeded 80/20 splits, [64, 32] ReLU, Adam, cosine, {Epochs} epochs)");
        var within = Rules.ToDictionary(r => r, _ => 0);
        var diffs = Rules.ToDictionary(r => r, _ => new List<double>());
        foreach (int seed in Seeds)
        {
            foreach (var (rule, diff) in RunSeed(seed))
            {
                diffs[rule].Add(diff);
                if (diff >= -Tolerance)
                    within[rule]++;
            }
        }
        Console.WriteLine();
        Console.WriteLine($"  summary over seeds {string.Join(", ", Seeds)} (accuracy of the rule's rate minus the best grid rate's):");
        foreach (var rule in Rules)
        {
            Console.WriteLine($"  {Name(rule),-16} within {Tolerance} of the best in {within[rule]} of {Seeds.Length}; mean diff {diffs[rule].Average():+0.0000;-0.0000}, "
                + $"worst {diffs[rule].Min():+0.0000;-0.0000}");
        }
        Console.WriteLine("  * the rule FindLearningRate reports (SuggestedLearningRate).");
    }

    /// <summary>One seeded split and network seed: the finder, the grid, the rules; returns each rule's accuracy minus the best grid accuracy.</summary>
    private static List<(SuggestionRuleKind Rule, double Diff)> RunSeed(int seed)
    {
        var ml = new MLContext(seed: seed);
        var (data, preprocessing) = BundledDatasets.Spambase(ml);
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: seed);
        var prep = preprocessing.Fit(split.TrainSet);
        var train = ml.Data.Cache(prep.Transform(split.TrainSet));
        var valid = ml.Data.Cache(prep.Transform(split.TestSet));

        var clock = Stopwatch.StartNew();
        var result = ml.BinaryClassification.Trainers.DeepMlp(Options(0.002, seed)).FindLearningRate(train);
        Console.WriteLine();
        Console.WriteLine($"  seed {seed}: finder {result.Points.Count} steps from {result.Points[0].LearningRate:G2} to {result.Points[^1].LearningRate:G3}"
            + $"{(result.StoppedEarly ? " (stopped: the loss exploded)" : "")} in {clock.Elapsed.TotalSeconds:F1} s; suggested {result.SuggestedLearningRate:G3}");
        if (seed == Seeds[0])
            Console.WriteLine($"  plot: {result.SavePlot(Path.Combine("out", "lr-finder-spambase.png"))}");
        Console.WriteLine($"  {"rate from",-16} {"rate",10} {"accuracy",9} {"log-loss",9} {"fit s",6}");

        var grid = Grid.Select(rate => (Rate: rate, Fit: Fit(ml, train, valid, rate, seed))).ToList();
        foreach (var (rate, fit) in grid)
            Row("grid", rate, fit);
        var best = grid.MaxBy(g => g.Fit.Accuracy);
        var diffs = new List<(SuggestionRuleKind, double)>();
        foreach (var rule in Rules)
        {
            double rate = LearningRateSuggestion.Suggest(result.Points, rule);
            var fit = Fit(ml, train, valid, rate, seed);
            double diff = double.IsNaN(fit.Accuracy) ? -1 : fit.Accuracy - best.Fit.Accuracy;
            string verdict = diff >= -Tolerance ? "within 0.01" : "NOT within 0.01";
            Row(Name(rule) + (rule == LearningRateSuggestion.Default ? " *" : ""), rate, fit, $"  {diff:+0.0000;-0.0000} vs best grid {best.Rate:G3}: {verdict}");
            diffs.Add((rule, diff));
        }
        return diffs;
    }

    private static DeepMlpBinaryTrainer.Options Options(double rate, int seed) =>
        new() { HiddenLayerSizes = [64, 32], NumberOfEpochs = Epochs, LearningRate = rate, Seed = seed };

    private static (double Accuracy, double ValidationLoss, TimeSpan Time) Fit(MLContext ml, IDataView train, IDataView valid, double rate, int seed)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var model = ml.BinaryClassification.Trainers.DeepMlp(Options(rate, seed)).Fit(train);
            var metrics = ml.BinaryClassification.Evaluate(model.Transform(valid));
            return (metrics.Accuracy, metrics.LogLoss, clock.Elapsed);
        }
        catch (TrainingDivergedException)
        {
            return (double.NaN, double.NaN, clock.Elapsed);
        }
    }

    private static void Row(string name, double rate, (double Accuracy, double ValidationLoss, TimeSpan Time) fit, string verdict = "") =>
        Console.WriteLine($"  {name,-16} {rate,10:G3} {fit.Accuracy,9:F4} {fit.ValidationLoss,9:F4} {fit.Time.TotalSeconds,6:F1}{verdict}");

    private static string Name(SuggestionRuleKind rule) => rule switch
    {
        SuggestionRuleKind.Valley => "valley",
        SuggestionRuleKind.SteepestDescent => "steepest",
        _ => "minimum / 10",
    };
}
