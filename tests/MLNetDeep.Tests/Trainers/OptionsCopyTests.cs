using System.Collections;
using System.Globalization;
using System.Reflection;
using Microsoft.ML;

namespace MLNetDeep.Tests.Trainers;

/// <summary>A trainer works from its own deep copy of the options: changing the caller's object afterwards changes nothing.</summary>
[TestClass]
public sealed class OptionsCopyTests
{
    private static readonly string[] MustBeCovered = ["BatchSize", "HiddenLayerSizes", "EarlyStopping", "Callbacks", "DropoutRates", "DivergenceGuard"];
    private readonly MLContext _ml = new(seed: 1);

    public static IEnumerable<object[]> OptionTypes =>
    [
        [typeof(DeepMlpBinaryTrainer.Options)],
        [typeof(DeepMlpMulticlassTrainer.Options)],
        [typeof(DeepMlpRegressionTrainer.Options)],
    ];

    [TestMethod]
    [DynamicData(nameof(OptionTypes))]
    public void MutatingEveryOptionAfterConstruction_ChangesNothingTheTrainerUses(Type optionsType)
    {
        var options = (DeepMlpOptionsBase)Activator.CreateInstance(optionsType)!;
        options.DropoutRates = [0.1, 0.1];
        options.EarlyStopping = new EarlyStoppingOptions();
        options.Callbacks.Add(new NoOp());
        if (options is DeepMlpClassificationOptionsBase classification)
            classification.ClassWeights = [1, 2];
        if (options is DeepMlpMulticlassTrainer.Options)
            ((DeepMlpClassificationOptionsBase)options).ClassWeights = [1, 2, 3];
        DeepMlpOptionsBase copy = TrainerOptions(options);
        string before = Describe(copy);

        var mutated = new List<string>();
        foreach (PropertyInfo property in optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            Mutate(options, property);
            mutated.Add(property.Name);
        }

        Assert.AreEqual(before, Describe(copy));
        Assert.AreNotEqual(before, Describe(options), "the caller's options did change");
        CollectionAssert.IsSubsetOf(MustBeCovered, mutated);
    }

    [TestMethod]
    public void BatchSizeZeroAfterConstruction_TrainsWithTheValidatedBatchSize()
    {
        var options = new DeepMlpBinaryTrainer.Options { HiddenLayerSizes = [4], NumberOfEpochs = 1, BatchSize = 10, Seed = 1 };
        var trainer = new DeepMlpBinaryTrainer(options);
        options.BatchSize = 0;
        options.HiddenLayerSizes[0] = 1000;

        using var model = trainer.Fit(SyntheticData.Binary(_ml, 50));

        Assert.AreEqual(5, model.History.Steps.Count, "50 rows in batches of 10");
        Assert.AreEqual(4, ((Snapshots.DenseLayer)model.Model.Network.Members[0].Layers[0]).Outputs);
    }

    private static DeepMlpOptionsBase TrainerOptions(DeepMlpOptionsBase options) => options switch
    {
        DeepMlpBinaryTrainer.Options b => new DeepMlpBinaryTrainer(b).TrainerOptions,
        DeepMlpMulticlassTrainer.Options m => new DeepMlpMulticlassTrainer(m).TrainerOptions,
        DeepMlpRegressionTrainer.Options r => new DeepMlpRegressionTrainer(r).TrainerOptions,
        _ => throw new NotSupportedException(options.GetType().Name),
    };

    /// <summary>Changes the property's value, and for reference values first changes their contents in place.</summary>
    private static void Mutate(object target, PropertyInfo property)
    {
        object? value = property.GetValue(target);
        Type type = property.PropertyType;
        switch (value)
        {
            case int[] ints:
                ints[0] += 7;
                break;
            case double[] doubles:
                doubles[0] += 0.25;
                break;
            case EarlyStoppingOptions early:
                early.Patience += 3;
                early.RestoreBestWeights = !early.RestoreBestWeights;
                break;
            case DivergenceGuardOptions guard:
                guard.Action = DivergenceAction.RestoreLastFiniteWeights;
                guard.MaxConsecutiveSkippedSteps += 3;
                break;
            case IList<TrainingCallback> callbacks:
                callbacks.Clear();
                callbacks.Add(new NoOp());
                callbacks.Add(new NoOp());
                return;
        }
        if (!property.CanWrite)
            throw new NotSupportedException($"Option {property.Name} has no setter and no known contents to change.");
        Type underlying = Nullable.GetUnderlyingType(type) ?? type;
        object? next = underlying switch
        {
            _ when underlying == typeof(int) => ((int?)value ?? 0) - 1000,
            _ when underlying == typeof(double) => double.NaN,
            _ when underlying == typeof(bool) => !((bool?)value ?? false),
            _ when underlying == typeof(string) => "Mutated",
            _ when underlying.IsEnum => Enum.ToObject(underlying, 99),
            _ when underlying == typeof(int[]) => new[] { 0 },
            _ when underlying == typeof(double[]) => new[] { -1.0 },
            _ when underlying == typeof(string[]) => new[] { "Mutated" },
            _ when underlying == typeof(EarlyStoppingOptions) => new EarlyStoppingOptions { Patience = 0 },
            _ when underlying == typeof(DivergenceGuardOptions) => new DivergenceGuardOptions { ExplodingLossFactor = 0 },
            _ when underlying == typeof(CancellationToken) => new CancellationToken(canceled: true),
            _ when underlying == typeof(IProgress<TrainingProgress>) => new Progress<TrainingProgress>(),
            _ => throw new NotSupportedException($"Option {property.Name} of type {type.Name}: teach this test to change it."),
        };
        property.SetValue(target, next);
    }

    /// <summary>Every public value, recursively, with callbacks by identity.</summary>
    private static string Describe(object? value) => value switch
    {
        null => "null",
        string s => s,
        IList<TrainingCallback> callbacks => "[" + string.Join(",", callbacks.Select(c => c.GetHashCode())) + "]",
        CancellationToken token => "token:" + token.IsCancellationRequested,
        IProgress<TrainingProgress> progress => "progress:" + progress.GetHashCode(),
        IEnumerable items => "[" + string.Join(",", items.Cast<object?>().Select(Describe)) + "]",
        EarlyStoppingOptions or DivergenceGuardOptions or DeepMlpOptionsBase => "{" + string.Join(";", value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .OrderBy(p => p.Name).Select(p => p.Name + "=" + Describe(p.GetValue(value)))) + "}",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private sealed class NoOp : TrainingCallback;
}
