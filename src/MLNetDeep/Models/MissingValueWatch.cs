using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLNetDeep.Data;

namespace MLNetDeep.Models;

/// <summary>
/// The input of a fitted model's <c>Transform</c>, passed through unchanged, that counts missing (NaN) values in feature
/// slots that had none in training: the network imputes them too, but never learned what missingness there means. When
/// the rows have been read (the cursor, or the last of a cursor set, is disposed), a warning with the counts per slot
/// goes to <c>mlContext.Log</c> through <paramref name="host"/>. Each row is counted once however often its features are read.
/// </summary>
internal sealed class MissingValueWatch(IDataView source, DataViewSchema.Column features, MissingValueImputation imputation, IHost host) : IDataView
{
    private readonly bool[] _seen = Seen(imputation);


    public bool CanShuffle => source.CanShuffle;

    public DataViewSchema Schema => source.Schema;

    public long? GetRowCount() => source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(source.GetRowCursor(columnsNeeded, rand), this, new Tally(this, 1));

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
    {
        DataViewRowCursor[] cursors = source.GetRowCursorSet(columnsNeeded, n, rand);
        var tally = new Tally(this, cursors.Length);
        return [.. cursors.Select(c => new Cursor(c, this, tally))];
    }

    private static bool[] Seen(MissingValueImputation imputation)
    {
        var seen = new bool[imputation.FeatureCount];
        foreach (int slot in imputation.IndicatorSlots)
            seen[slot] = true;
        return seen;
    }

    /// <summary>Counts of one cursor or cursor set; reports once, when its last cursor is disposed.</summary>
    private sealed class Tally(MissingValueWatch owner, int cursors)
    {
        private readonly long[] _counts = new long[owner._seen.Length];
        private int _open = cursors;

        public void Count(in VBuffer<float> vector)
        {
            ReadOnlySpan<float> values = vector.GetValues();
            ReadOnlySpan<int> indices = vector.IsDense ? default : vector.GetIndices();
            for (int k = 0; k < values.Length; k++)
            {
                int i = vector.IsDense ? k : indices[k];
                if (float.IsNaN(values[k]) && !owner._seen[i])
                    Interlocked.Increment(ref _counts[i]);
            }
        }

        public void Close()
        {
            if (Interlocked.Decrement(ref _open) != 0 || _counts.All(c => c == 0))
                return;
            var slots = Enumerable.Range(0, _counts.Length).Where(i => _counts[i] > 0).ToList();
            string list = string.Join(", ", slots.Take(10).Select(i => string.Create(CultureInfo.InvariantCulture,
                $"'{owner.Imputation.SlotNames[i]}' {_counts[i]} (→ {owner.Imputation.Values[i]:G6})"))) + (slots.Count > 10 ? ", …" : string.Empty);
            using var channel = owner.Host.Start("Transform");
            string counts = string.Create(CultureInfo.InvariantCulture,
                $"Feature column '{owner.Features.Name}' had {_counts.Sum()} missing (NaN) value(s) in {slots.Count} slot(s) with no missing value in training: {list}. ");
            channel.Warning(MessageSensitivity.None, "{0}", counts
                + "They were replaced by the training mean or median, but the model never learned what a missing value there means; "
                + "check the data source, or train on data with such gaps.");
        }
    }

    private IHost Host => host;

    private DataViewSchema.Column Features => features;

    private MissingValueImputation Imputation => imputation;

    private sealed class Cursor(DataViewRowCursor inner, MissingValueWatch owner, Tally tally) : DataViewRowCursor
    {
        private long _counted = -1;
        private bool _closed;

        public override DataViewSchema Schema => inner.Schema;

        public override long Position => inner.Position;

        public override long Batch => inner.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => inner.IsColumnActive(column);

        public override bool MoveNext() => inner.MoveNext();

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            ValueGetter<TValue> getter = inner.GetGetter<TValue>(column);
            if (column.Index != owner.Features.Index || getter is not ValueGetter<VBuffer<float>> vector)
                return getter;
            ValueGetter<VBuffer<float>> counting = (ref VBuffer<float> value) =>
            {
                vector(ref value);
                if (_counted == inner.Position)
                    return;
                _counted = inner.Position;
                tally.Count(value);
            };
            return (ValueGetter<TValue>)(object)counting;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_closed)
            {
                _closed = true;
                inner.Dispose();
                tally.Close();
            }
            base.Dispose(disposing);
        }
    }
}
