using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Data;

/// <summary>
/// Label encodings the tasks choose from: each reads the current row's label as a float and rejects values that
/// cannot be trained on with the column and the 0-based row.
/// </summary>
internal static class LabelReaders
{
    /// <summary>A Boolean label as 0 or 1.</summary>
    public static Func<long, float> Boolean(DataViewRow row, DataViewSchema.Column column)
    {
        var get = row.GetGetter<bool>(column);
        return _ =>
        {
            bool v = false;
            get(ref v);
            return v ? 1f : 0f;
        };
    }

    /// <summary>A key label as its 0-based class index; a missing key (0) or one above <paramref name="classCount"/> fails.</summary>
    public static Func<long, float> ClassIndex(DataViewRow row, DataViewSchema.Column column, int classCount)
    {
        var raw = KeyReader(row, column);
        return rowIndex =>
        {
            ulong key = raw();
            if (key == 0 || key > (ulong)classCount)
                throw new InvalidOperationException($"Label column '{column.Name}' has a missing key value at row {rowIndex} (0-based). Remove rows with unknown labels before training.");
            return key - 1;
        };
    }

    /// <summary>A Single label as it is; NaN and infinities fail.</summary>
    public static Func<long, float> FiniteSingle(DataViewRow row, DataViewSchema.Column column)
    {
        var get = row.GetGetter<float>(column);
        return rowIndex =>
        {
            float v = 0;
            get(ref v);
            if (!float.IsFinite(v))
                throw new InvalidOperationException($"Label column '{column.Name}' has {RowReader.Describe(v)} at row {rowIndex} (0-based). Remove rows with missing labels before training.");
            return v;
        };
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
}
