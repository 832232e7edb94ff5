using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MLNetDeep.Cli.Data;

namespace MLNetDeep.Cli.Training;

/// <summary>
/// The steps every <c>mlnetdeep train</c> pipeline starts with, fitted on the training rows only and saved inside the
/// model: the label's conversion ("Label"), then per feature column: numbers get a missing-value indicator (when the
/// file has missing values in the column) and mean imputation; categories one-hot (up to
/// <see cref="ColumnProfile.OneHotLimit"/> values) or hashed one-hot; text ML.NET's text featurizer; then all are
/// concatenated into "Features" and scaled to variance 1 (ML.NET's NormalizeMeanVariance keeps zero at zero; the network
/// standardizes its inputs itself).
/// </summary>
public sealed class Featurization
{
    /// <summary>Builds the steps for <paramref name="label"/> and the used <paramref name="features"/>.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="label">The label and task.</param>
    /// <param name="features">The feature columns (ignored ones are skipped).</param>
    /// <exception cref="UserInputException">No feature column is left.</exception>
    public Featurization(MLContext mlContext, LabelInfo label, IReadOnlyList<ColumnProfile> features)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(features);
        var used = features.Where(f => f.Kind != ColumnKind.Ignore).ToList();
        if (used.Count == 0)
            throw new UserInputException($"No feature column is left besides the label '{label.Name}' (all are ignored: {string.Join(", ", features.Select(f => $"{f.Name} ({f.Reason})"))}); declare one with --column name:numeric|categorical|text.");
        // The pipeline writes these columns itself: a feature of the same name would be replaced by them (the label!).
        string[] reserved = [LabelColumnName, DefaultFeatures, PredictedClassColumnName, "PredictedLabel", "Score", "Probability"];
        if (used.FirstOrDefault(f => reserved.Contains(f.Name, StringComparer.OrdinalIgnoreCase) || f.Name.EndsWith(".missing", StringComparison.OrdinalIgnoreCase)
            || f.Name.EndsWith(".text", StringComparison.OrdinalIgnoreCase)) is { } clash)
            throw new UserInputException($"Feature column '{clash.Name}' has a name the model's pipeline writes itself ({string.Join(", ", reserved)}, or ending in .missing or .text); "
                + $"rename it in the CSV header, or leave it out with --column {clash.Name}:ignore.");
        LabelSteps = LabelConversion(mlContext, label);
        FeatureSteps = FeatureConversion(mlContext, used);
        Columns = [new DataColumn(label.Name, label.Task == TaskKind.Regression), .. used.Select(f => new DataColumn(f.Name, f.Kind == ColumnKind.Numeric))];
    }

    /// <summary>The column name of the label after conversion.</summary>
    public const string LabelColumnName = "Label";

    /// <summary>The columns the pipeline reads, label first, as written to the normalized CSV files.</summary>
    public IReadOnlyList<DataColumn> Columns { get; }

    /// <summary>The label's conversion (binary: text → Boolean; multiclass: text → key in class order; regression: a copy named "Label" when needed).</summary>
    public IReadOnlyList<IEstimator<ITransformer>> LabelSteps { get; }

    /// <summary>The feature steps, ending with the normalized "Features" column.</summary>
    public IReadOnlyList<IEstimator<ITransformer>> FeatureSteps { get; }

    /// <summary>The feature steps followed by <paramref name="trainer"/>, as a chain that gives a DeepMlp trainer its validation rows.</summary>
    /// <param name="trainer">The trainer.</param>
    public DeepMlpEstimatorChain<ITransformer> Then(IEstimator<ITransformer> trainer)
    {
        var chain = new DeepMlpEstimatorChain<ITransformer>();
        foreach (var step in FeatureSteps)
            chain = chain.Append<ITransformer>(step);
        return chain.Append<ITransformer>(trainer);
    }

    /// <summary>The label's conversion as one estimator (it learns nothing from the rows' values: the classes are fixed).</summary>
    public EstimatorChain<ITransformer> LabelConversion()
    {
        var chain = new EstimatorChain<ITransformer>();
        foreach (var step in LabelSteps)
            chain = chain.Append(step);
        return chain;
    }

    /// <summary>The column with the predicted class as written in the label column (classification only).</summary>
    public const string PredictedClassColumnName = "PredictedClass";

    /// <summary>
    /// The step after the trainer that writes <see cref="PredictedClassColumnName"/> from "PredictedLabel" (binary: the
    /// Boolean mapped back to the two values; multiclass: the key's value); null for regression.
    /// </summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="label">The label and its classes.</param>
    public static IEstimator<ITransformer>? PredictedClass(MLContext mlContext, LabelInfo label)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(label);
        return label.Task switch
        {
            TaskKind.Binary => mlContext.Transforms.Conversion.MapValue(PredictedClassColumnName,
                new Dictionary<bool, string> { [false] = label.Classes[0], [true] = label.Classes[1] }, "PredictedLabel"),
            TaskKind.Multiclass => mlContext.Transforms.Conversion.MapKeyToValue(PredictedClassColumnName, "PredictedLabel"),
            _ => null,
        };
    }

    private static List<IEstimator<ITransformer>> LabelConversion(MLContext ml, LabelInfo label)
    {
        switch (label.Task)
        {
            case TaskKind.Binary:
                var map = new Dictionary<string, bool> { [label.Classes[0]] = false, [label.Classes[1]] = true };
                return [ml.Transforms.Conversion.MapValue(LabelColumnName, map, label.Name)];
            case TaskKind.Multiclass:
                var keys = ml.Data.LoadFromEnumerable(label.Classes.Select(c => new ClassValue { Value = c }));
                return [ml.Transforms.Conversion.MapValueToKey(LabelColumnName, label.Name, keyData: keys)];
            default:
                return label.Name == LabelColumnName ? [] : [ml.Transforms.CopyColumns(LabelColumnName, label.Name)];
        }
    }

    private static List<IEstimator<ITransformer>> FeatureConversion(MLContext ml, List<ColumnProfile> used)
    {
        var steps = new List<IEstimator<ITransformer>>();
        var features = new List<string>();
        var numeric = used.Where(f => f.Kind == ColumnKind.Numeric).ToList();
        var withMissing = numeric.Where(f => f.MissingCount > 0).ToList();
        if (withMissing.Count > 0)
        {
            InputOutputColumnPair[] indicators = [.. withMissing.Select(f => new InputOutputColumnPair(f.Name + ".missing", f.Name))];
            steps.Add(ml.Transforms.IndicateMissingValues(indicators));
            steps.Add(ml.Transforms.Conversion.ConvertType([.. indicators.Select(p => new InputOutputColumnPair(p.OutputColumnName))], DataKind.Single));
        }
        if (numeric.Count > 0)
            steps.Add(ml.Transforms.ReplaceMissingValues([.. numeric.Select(f => new InputOutputColumnPair(f.Name))], MissingValueReplacingEstimator.ReplacementMode.Mean));
        features.AddRange(numeric.Select(f => f.Name));
        features.AddRange(withMissing.Select(f => f.Name + ".missing"));

        var categorical = used.Where(f => f.Kind == ColumnKind.Categorical).ToList();
        InputOutputColumnPair[] oneHot = [.. categorical.Where(f => f.DistinctCount <= ColumnProfile.OneHotLimit).Select(f => new InputOutputColumnPair(f.Name))];
        InputOutputColumnPair[] hashed = [.. categorical.Where(f => f.DistinctCount > ColumnProfile.OneHotLimit).Select(f => new InputOutputColumnPair(f.Name))];
        if (oneHot.Length > 0)
            steps.Add(ml.Transforms.Categorical.OneHotEncoding(oneHot));
        if (hashed.Length > 0)
            steps.Add(ml.Transforms.Categorical.OneHotHashEncoding(hashed, numberOfBits: 10));
        features.AddRange(categorical.Select(f => f.Name));

        foreach (var text in used.Where(f => f.Kind == ColumnKind.Text))
        {
            steps.Add(ml.Transforms.Text.FeaturizeText(text.Name + ".text", text.Name));
            features.Add(text.Name + ".text");
        }
        steps.Add(ml.Transforms.Concatenate(DefaultFeatures, [.. features]));
        steps.Add(ml.Transforms.NormalizeMeanVariance(DefaultFeatures));
        return steps;
    }

    private const string DefaultFeatures = "Features";

    /// <summary>One class value, the row type of the multiclass key order.</summary>
    private sealed class ClassValue
    {
        /// <summary>The class as written in the label column.</summary>
        public string Value { get; set; } = "";
    }
}
