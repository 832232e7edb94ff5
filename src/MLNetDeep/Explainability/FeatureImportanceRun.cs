using System.Collections.Immutable;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Explainability;

/// <summary>
/// One permutation-feature-importance computation over a whole pipeline: the data run through the featurization once
/// (cached), the DeepMlp part as a prediction transformer, and the feature (slot) names that key the result.
/// </summary>
internal sealed class FeatureImportanceRun
{
    private FeatureImportanceRun(ScoringPartPredictor predictor, IDataView featurized, IReadOnlyList<string> featureNames)
    {
        Predictor = predictor;
        Featurized = featurized;
        FeatureNames = featureNames;
    }

    /// <summary>The DeepMlp part, for ML.NET's typed PermutationFeatureImportance.</summary>
    public ScoringPartPredictor Predictor { get; }

    /// <summary>The data after the featurization, cached.</summary>
    public IDataView Featurized { get; }

    /// <summary>One unique name per feature slot: its slot name, or <c>Features[i]</c> where it has none or shares it.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <param name="model">A fitted or loaded pipeline that contains a DeepMlp model.</param>
    /// <param name="data">Data as the pipeline's first transformer expects it, with the label column.</param>
    /// <param name="permutationCount">Permutations per feature, ≥ 1.</param>
    /// <param name="taskName">The catalog's task, for messages: "binary classification", "multiclass" or "regression".</param>
    public static FeatureImportanceRun Prepare(ITransformer model, IDataView data, int permutationCount, string taskName)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(permutationCount, 1);

        var part = ScoringPart.Find(model, data.Schema);
        var mlContext = new MLContext();
        IDataView partInput = part.Featurize(data);
        var predictor = new ScoringPartPredictor(part, partInput.Schema);
        var featurized = mlContext.Data.Cache(predictor.Prepare(mlContext, partInput));
        string predicted = TaskOf(part.Scorer.GetOutputSchema(featurized.Schema), featurized.Schema.Count);
        if (predicted != taskName)
        {
            throw new ArgumentException(
                $"The model's DeepMlp part predicts {predicted}, not {taskName}: call DeepMlpPermutationFeatureImportance on the {Catalog(predicted)} catalog.",
                nameof(model));
        }
        return new FeatureImportanceRun(predictor, featurized, Names(featurized.Schema[predictor.FeatureColumnName]));
    }

    /// <summary>ML.NET's per-slot results keyed by feature name.</summary>
    public ImmutableDictionary<string, TMetrics> ByFeatureName<TMetrics>(ImmutableArray<TMetrics> perSlot)
    {
        if (perSlot.Length != FeatureNames.Count)
            throw new InvalidOperationException($"PermutationFeatureImportance returned {perSlot.Length} results for {FeatureNames.Count} features.");
        return FeatureNames.Zip(perSlot).ToImmutableDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
    }

    /// <summary>The task the scoring part's output columns belong to.</summary>
    private static string TaskOf(DataViewSchema scored, int inputCount)
    {
        var added = scored.Where(c => c.Index >= inputCount && !c.IsHidden).ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal);
        if (added.ContainsKey("Probability"))
            return "binary classification";
        return added.TryGetValue("Score", out var score) && score is VectorDataViewType ? "multiclass" : "regression";
    }

    private static string Catalog(string task) => task switch
    {
        "binary classification" => "mlContext.BinaryClassification",
        "multiclass" => "mlContext.MulticlassClassification",
        _ => "mlContext.Regression",
    };

    private static string[] Names(DataViewSchema.Column features)
    {
        int count = features.Type is VectorDataViewType { Size: > 0 } vector ? vector.Size : 1;
        var names = new string[count];
        var slotNames = default(VBuffer<ReadOnlyMemory<char>>);
        if (features.Annotations.Schema.GetColumnOrNull("SlotNames")?.Type is VectorDataViewType { ItemType: TextDataViewType } slotType && slotType.Size == count)
        {
            features.GetSlotNames(ref slotNames);
            int i = 0;
            foreach (var name in slotNames.DenseValues())
                names[i++] = Embeddings.CategoricalInputs.SlotName(name);
        }

        var shared = names.Where(n => !string.IsNullOrEmpty(n)).GroupBy(n => n, StringComparer.Ordinal)
            .Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            if (string.IsNullOrEmpty(names[i]) || shared.Contains(names[i]))
                names[i] = $"{features.Name}[{i}]";
        }
        return names;
    }
}
