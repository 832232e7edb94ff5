using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Data;

/// <summary>
/// Reads training rows from a cursor as dense floats: features, the label as the task encodes it (see
/// <see cref="LabelReaders"/>) and the example weight. Rejects infinite features, NaN features unless they are read as
/// missing values (<see cref="TrainingColumns.AllowMissing"/>), and negative weights, with the column and the 0-based row.
/// </summary>
internal sealed class RowReader : IRowCursor
{
    private readonly DataViewRowCursor _cursor;
    private readonly TrainingColumns _columns;
    private readonly ValueGetter<VBuffer<float>> _features;
    private readonly Func<long, float> _label;
    private readonly ValueGetter<float>? _weight;
    private VBuffer<float> _buffer;

    public RowReader(IDataView data, TrainingColumns columns)
    {
        _columns = columns;
        _cursor = data.GetRowCursor(columns.All);
        _features = _cursor.GetGetter<VBuffer<float>>(columns.Features);
        _label = columns.LabelReader(_cursor);
        _weight = columns.Weight is { } w ? _cursor.GetGetter<float>(w) : null;
    }

    /// <summary>0-based index of the current row.</summary>
    public long Row => _cursor.Position;

    public bool MoveNext() => _cursor.MoveNext();

    public void Read(Span<float> features, out float label, out float weight)
    {
        _features(ref _buffer);
        _buffer.CopyTo(features);
        for (int i = 0; i < features.Length; i++)
        {
            if (float.IsFinite(features[i]) || (_columns.AllowMissing && float.IsNaN(features[i])))
                continue;
            if (float.IsNaN(features[i]))
                throw new InvalidOperationException($"Feature column '{_columns.Features.Name}' has {Describe(features[i])} at row {Row} (0-based), slot {i}. "
                    + "Remove or impute such values before training, e.g. with mlContext.Transforms.ReplaceMissingValues.");
            throw new InvalidOperationException($"Feature column '{_columns.Features.Name}' has {Describe(features[i])} at row {Row} (0-based), slot {i}. "
                + "Infinite values are not missing values: they usually come from an overflow or a division by zero upstream, and no learned "
                + "replacement stands for them. Fix them at their source, or map them to NaN (missing) and train with MissingValues = Impute.");
        }

        label = _label(Row);
        weight = 1f;
        if (_weight is not null)
        {
            _weight(ref weight);
            if (!float.IsFinite(weight) || weight < 0)
                throw new InvalidOperationException($"Example weight column '{_columns.Weight!.Value.Name}' has {Describe(weight)} at row {Row} (0-based), but weights must be finite and >= 0.");
        }
    }

    public void Dispose() => _cursor.Dispose();

    internal static string Describe(float value) => float.IsNaN(value) ? "NaN" : value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
