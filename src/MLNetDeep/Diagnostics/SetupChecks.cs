using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using MLNetDeep.Data;
using MLNetDeep.Modules;
using MLNetDeep.Training;
using static TorchSharp.torch;

namespace MLNetDeep.Diagnostics;

/// <summary>What every check reads: the trainer's options (never changed), the rows and the seed.</summary>
/// <param name="Options">The trainer's own options.</param>
/// <param name="Data">The rows, split and standardized as Fit would.</param>
/// <param name="Seed">The options' Seed, or 0 (the MLContext's generator is left alone).</param>
internal sealed record SetupContext(DeepMlpOptionsBase Options, SetupData Data, int Seed)
{
    /// <summary>
    /// A network with the options' architecture and the initial weights Fit's first ensemble member starts from with this
    /// seed, on the CPU; with <paramref name="dropout"/> false its dropout rates are 0. The generators must outlive it.
    /// </summary>
    public TabularNetwork Network(bool dropout, Generator init, Generator dropoutGenerator)
    {
        var options = Options;
        if (!dropout)
        {
            options = Options.Clone();
            options.DropoutRate = 0;
            options.DropoutRates = null;
        }
        // Without dropout the forward must be deterministic in training mode too (the gradient check): no unknown-key draws.
        var embedding = dropout ? Data.Embedding : Data.Embedding is { } plan ? plan with { UnknownKeyRate = 0 } : null;
        return NetworkFactory.Create(options, Data.FeatureCount, Data.Task, init, dropoutGenerator, embedding);
    }

    public MemberSeeds Seeds => new SeedPlan(Seed).Member(0);
}

/// <summary>Runs the checks of <c>CheckSetup</c> in order and builds the report.</summary>
internal static class SetupChecks
{
    public static SetupReport Run(
        DeepMlpOptionsBase options, PredictionTask task, IDataView trainingData, TrainingColumns columns, IDataView? validationData, TrainingColumns? validationColumns)
    {
        var clock = Stopwatch.StartNew();
        var notes = new List<string>();
        int seed = options.Seed ?? 0;
        if (options.Seed is null)
            notes.Add("Seed is not set: the checks used seed 0 (CheckSetup never draws from the MLContext, so the next Fit gets the seed it would have got without it).");
        var data = SetupData.Read(options, task, trainingData, columns, validationData, validationColumns, seed, notes);
        var context = new SetupContext(options, data, seed);
        SetupFinding[] findings =
        [
            InitialLossCheck.Run(context),
            OverfitCheck.Run(context),
            GradientCheck.Run(context),
            FeatureScaleCheck.Run(context),
            ConstantFeaturesCheck.Run(context),
            SingleFeatureLeakCheck.Run(context),
            DuplicateRowsCheck.Run(context),
            BaselineCheck.Run(context),
        ];
        string heading = string.Create(CultureInfo.InvariantCulture,
            $"DeepMlp setup check: {data.Task.Name}, {data.FeatureCount} features, {data.Training.Count} training rows, {data.Validation.Count} validation rows, seed {seed}");
        return new SetupReport(heading, findings, notes, clock.Elapsed);
    }

    /// <summary>Invariant "0.1234" formatting for summaries.</summary>
    public static string F(double value, string format = "G4") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Names for a message: the first few, then how many more.</summary>
    public static string List(IEnumerable<string> names, int shown = 5)
    {
        var all = names.ToList();
        return all.Count <= shown ? string.Join(", ", all) : string.Join(", ", all.Take(shown)) + string.Create(CultureInfo.InvariantCulture, $" and {all.Count - shown} more");
    }
}
