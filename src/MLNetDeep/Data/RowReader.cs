using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Data;

/// <summary>
/// Reads training rows from a cursor as dense floats: features, the encoded label (0/1 for binary, the 0-based
/// class index for multiclass, the value for regression) and the example weight. Rejects NaN, infinities,
/// missing keys and negative weights with the column and the 0-based row.
/// </summary>
internal sealed class RowReader : IRowCursor
{
    private readonly DataViewRowCursor _cursor;
    private readonly TrainingColumns _columns;
    private readonly ValueGetter<VBuffer<float>> _features;
    private readonly Func<float> _label;
    private readonly ValueGetter<float>? _weight;
    private VBuffer<float> _buffer;

    public RowReader(IDataView data, TrainingColumns columns, PredictionKind kind)
    {
        _columns = columns;
        _cursor = data.GetRowCursor(columns.All);
        _features = _cursor.GetGetter<VBuffer<float>>(columns.Features);
        _label = LabelGetter(_cursor, columns.Label, kind);
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
            if (!float.IsFinite(features[i]))
                throw new InvalidOperationException($"Feature column '{_columns.Features.Name}' has {Describe(features[i])} at row {Row} (0-based), slot {i}. "
                    + "Remove or impute such values before training, e.g. with mlContext.Transforms.ReplaceMissingValues.");
        }

        label = _label();
        weight = 1f;
        if (_weight is not null)
        {
            _weight(ref weight);
            if (!float.IsFinite(weight) || weight < 0)
                throw new InvalidOperationException($"Example weight column '{_columns.Weight!.Value.Name}' has {Describe(weight)} at row {Row} (0-based), but weights must be finite and >= 0.");
        }
    }

    public void Dispose() => _cursor.Dispose();

    private Func<float> LabelGetter(DataViewRow row, DataViewSchema.Column column, PredictionKind kind)
    {
        switch (kind)
        {
            case PredictionKind.Binary:
            {
                var get = row.GetGetter<bool>(column);
                return () => { bool v = false; get(ref v); return v ? 1f : 0f; };
            }
            case PredictionKind.Multiclass:
            {
                var raw = KeyReader(row, column);
                return () =>
                {
                    ulong key = raw();
                    if (key == 0 || key > (ulong)_columns.ClassCount)
                        throw new InvalidOperationException($"Label column '{column.Name}' has a missing key value at row {Row} (0-based). Remove rows with unknown labels before training.");
                    return key - 1;
                };
            }
            default:
            {
                var get = row.GetGetter<float>(column);
                return () =>
                {
                    float v = 0; get(ref v);
                    if (!float.IsFinite(v))
                        throw new InvalidOperationException($"Label column '{column.Name}' has {Describe(v)} at row {Row} (0-based). Remove rows with missing labels before training.");
                    return v;
                };
            }
        }
    }

    private static Func<ulong> KeyReader(DataViewRow row, DataViewSchema.Column column)
    {
        Type raw = column.Type.RawType;
        if (raw == typeof(uint)) { var g = row.GetGetter<uint>(column); return () => { uint v = 0; g(ref v); return v; }; }
        if (raw == typeof(ushort)) { var g = row.GetGetter<ushort>(column); return () => { ushort v = 0; g(ref v); return v; }; }
        if (raw == typeof(byte)) { var g = row.GetGetter<byte>(column); return () => { byte v = 0; g(ref v); return v; }; }
        var g64 = row.GetGetter<ulong>(column);
        return () => { ulong v = 0; g64(ref v); return v; };
    }

    private static string Describe(float value) => float.IsNaN(value) ? "NaN" : value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
