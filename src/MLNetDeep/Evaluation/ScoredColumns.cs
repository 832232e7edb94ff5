using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep;

/// <summary>Reads the columns of a scored view into arrays, with errors that name the column and the type it needs.</summary>
internal static class ScoredColumns
{
    public static BinaryScores Binary(IDataView data, string label, string score, string probability, string predictedLabel)
    {
        ArgumentNullException.ThrowIfNull(data);
        Require(data, label, "Label", t => t is BooleanDataViewType, "Boolean");
        Require(data, score, "Score", t => t == NumberDataViewType.Single, "Single");
        Require(data, predictedLabel, "PredictedLabel", t => t is BooleanDataViewType, "Boolean");
        bool hasProbability = data.Schema.GetColumnOrNull(probability) is not null;
        if (hasProbability)
            Require(data, probability, "Probability", t => t == NumberDataViewType.Single, "Single");
        var labels = data.GetColumn<bool>(label).ToArray();
        var scores = data.GetColumn<float>(score).ToArray();
        var probabilities = hasProbability ? data.GetColumn<float>(probability).ToArray() : null;
        var predicted = data.GetColumn<bool>(predictedLabel).ToArray();
        // ML.NET's evaluator skips rows whose score is not finite; so do the figures computed here.
        var keep = Enumerable.Range(0, labels.Length).Where(i => float.IsFinite(scores[i])).ToArray();
        if (keep.Length == 0)
            throw new ArgumentException($"No row of the view has a finite '{score}' to evaluate (it has {labels.Length} rows).", nameof(data));
        bool first = labels[keep[0]];
        if (keep.All(i => labels[i] == first))
            throw new ArgumentException($"Every evaluated row has the label {first} in column '{label}': AUC, precision and recall need both classes. "
                + "Evaluate on rows of both classes (a stratified split keeps them in every part).", nameof(data));
        return new BinaryScores(
            keep.Select(i => labels[i]).ToArray(),
            keep.Select(i => scores[i]).ToArray(),
            probabilities is null ? null : keep.Select(i => probabilities[i]).ToArray(),
            keep.Select(i => predicted[i]).ToArray());
    }

    public static MulticlassScores Multiclass(IDataView data, string label, string score, string predictedLabel)
    {
        ArgumentNullException.ThrowIfNull(data);
        var labelColumn = Require(data, label, "Label", t => t is KeyDataViewType, "a key type (use MapValueToKey)");
        int classes = checked((int)((KeyDataViewType)labelColumn.Type).Count);
        Require(data, score, "Score", t => t is VectorDataViewType v && v.ItemType == NumberDataViewType.Single && v.Size == classes,
            $"a vector of {classes} Single (one slot per class)");
        Require(data, predictedLabel, "PredictedLabel", t => t is KeyDataViewType k && k.Count == (ulong)classes, "the label's key type");
        string[] names = Enumerable.Range(1, classes).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        if (KeyValueNames(labelColumn) is { Length: var count } named && count == classes)
            names = named;
        var labels = data.GetColumn<uint>(label).ToArray();
        var scores = data.GetColumn<float[]>(score).ToArray();
        var keep = Enumerable.Range(0, labels.Length).Where(i => labels[i] != 0).ToArray();
        if (keep.Length == 0)
            throw new ArgumentException($"No row of the view has a '{label}' (every key is missing, or there are no rows).", nameof(data));
        // ML.NET's evaluator takes the prediction from the Score column (its largest slot), not from PredictedLabel.
        return new MulticlassScores(names,
            keep.Select(i => (int)labels[i] - 1).ToArray(),
            keep.Select(i => ArgMax(scores[i])).ToArray(),
            keep.Select(i => scores[i]).ToArray());
    }

    public static (float[] Labels, float[] Scores) Regression(IDataView data, string label, string score)
    {
        ArgumentNullException.ThrowIfNull(data);
        Require(data, label, "Label", t => t == NumberDataViewType.Single, "Single");
        Require(data, score, "Score", t => t == NumberDataViewType.Single, "Single");
        var labels = data.GetColumn<float>(label).ToArray();
        var scores = data.GetColumn<float>(score).ToArray();
        // ML.NET's evaluator skips rows with a NaN label or score; so do the figures computed here.
        var keep = Enumerable.Range(0, labels.Length).Where(i => !float.IsNaN(labels[i]) && !float.IsNaN(scores[i])).ToArray();
        if (keep.Length == 0)
            throw new ArgumentException($"No row of the view has both a '{label}' and a '{score}' that are not NaN (it has {labels.Length} rows).", nameof(data));
        return (keep.Select(i => labels[i]).ToArray(), keep.Select(i => scores[i]).ToArray());
    }
    /// <summary>The slot with the largest score, the first on ties; −1 when every slot is NaN.</summary>
    private static int ArgMax(float[] scores)
    {
        int best = -1;
        for (int c = 0; c < scores.Length; c++)
        {
            if (!float.IsNaN(scores[c]) && (best < 0 || scores[c] > scores[best]))
                best = c;
        }
        return best;
    }

    private static DataViewSchema.Column Require(IDataView data, string name, string role, Func<DataViewType, bool> accepts, string needed)
    {
        DataViewSchema.Column column = data.Schema.GetColumnOrNull(name)
            ?? throw new ArgumentOutOfRangeException(nameof(data), $"{role} column '{name}' not found. Available: {string.Join(", ", data.Schema.Select(c => c.Name))}.");
        if (!accepts(column.Type))
            throw new ArgumentOutOfRangeException(nameof(data), $"{role} column '{name}' is of type '{column.Type}', but must be {needed}.");
        return column;
    }

    /// <summary>The label's key values as invariant text (text, numbers or booleans), or null when it has none.</summary>
    private static string[]? KeyValueNames(DataViewSchema.Column label)
    {
        var kind = label.Annotations.Schema.GetColumnOrNull("KeyValues");
        if (kind is not { Type: VectorDataViewType { ItemType: var item } })
            return null;
        return item switch
        {
            TextDataViewType => Names<ReadOnlyMemory<char>>(label, v => v.ToString()),
            _ when item == NumberDataViewType.Single => Names<float>(label, v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
            _ when item == NumberDataViewType.Double => Names<double>(label, v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
            _ when item == NumberDataViewType.Int32 => Names<int>(label, v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            _ when item == NumberDataViewType.UInt32 => Names<uint>(label, v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            _ when item == NumberDataViewType.Int64 => Names<long>(label, v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            BooleanDataViewType => Names<bool>(label, v => v ? "true" : "false"),
            _ => null,
        };
    }

    private static string[] Names<T>(DataViewSchema.Column label, Func<T, string> format)
    {
        VBuffer<T> values = default;
        label.Annotations.GetValue("KeyValues", ref values);
        return [.. values.DenseValues().Select(format)];
    }
}
