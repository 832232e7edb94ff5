using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLNetDeep.Data;

namespace MLNetDeep.Models;

/// <summary>
/// The scored view a fitted model's <c>Transform</c> returns, passed through unchanged, that counts missing (NaN) values
/// in feature slots that had none in training: the network imputes them too, but never learned what missingness there
/// means. Only passes that read a column the model added (a prediction) count, so reading the features alone (as the
/// leakage checks do) never warns. When such a pass ends (its cursor, or the last of its cursor set, is disposed) with
/// something counted, one warning with the counts per slot goes to <c>mlContext.Log</c> through <paramref name="host"/>;
/// later passes over the same view (an evaluator reading Score, then Probability) stay quiet.
/// </summary>
internal sealed class MissingValueWatch(IDataView scored, int inputColumnCount, MissingValueImputation imputation, string featureColumnName, IHost host) : IDataView
{
    private readonly DataViewSchema.Column _features = scored.Schema[featureColumnName];
    private int _reported;

    private MissingValueImputation Imputation => imputation;

    public bool CanShuffle => scored.CanShuffle;

    public DataViewSchema Schema => scored.Schema;

    public long? GetRowCount() => scored.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.ToList();
        if (!Counts(needed))
            return scored.GetRowCursor(needed, rand);
        return new Cursor(scored.GetRowCursor([.. needed, _features], rand), _features, new Tally(this, 1));
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
    {
        var needed = columnsNeeded.ToList();
        if (!Counts(needed))
            return scored.GetRowCursorSet(needed, n, rand);
        DataViewRowCursor[] cursors = scored.GetRowCursorSet([.. needed, _features], n, rand);
        var tally = new Tally(this, cursors.Length);
        return [.. cursors.Select(c => new Cursor(c, _features, tally))];
    }

    /// <summary>Whether a pass reading <paramref name="needed"/> scores rows and nothing was reported yet.</summary>
    private bool Counts(List<DataViewSchema.Column> needed) => Volatile.Read(ref _reported) == 0 && needed.Any(c => c.Index >= inputColumnCount);

    private void Report(long[] counts)
    {
        if (Interlocked.Exchange(ref _reported, 1) != 0)
            return;
        var slots = Enumerable.Range(0, counts.Length).Where(i => counts[i] > 0).ToList();
        string list = string.Join(", ", slots.Take(10).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"'{imputation.SlotNames[i]}' {counts[i]} (→ {imputation.Values[i]:G6})"))) + (slots.Count > 10 ? ", …" : string.Empty);
        string summary = string.Create(CultureInfo.InvariantCulture,
            $"Feature column '{_features.Name}' had {counts.Sum()} missing (NaN) value(s) in {slots.Count} slot(s) with no missing value in training: {list}. ");
        using var channel = host.Start("Transform");
        channel.Warning(MessageSensitivity.None, "{0}", summary
            + "They were replaced by the training mean or median, but the model never learned what a missing value there means; "
            + "check the data source, or train on data with such gaps.");
    }

    /// <summary>Counts of one cursor or cursor set; reports when its last cursor is disposed.</summary>
    private sealed class Tally(MissingValueWatch owner, int cursors)
    {
        private readonly long[] _counts = new long[owner.Imputation.FeatureCount];
        private readonly bool[] _seen = Seen(owner.Imputation);
        private int _open = cursors;

        public void Count(in VBuffer<float> vector)
        {
            ReadOnlySpan<float> values = vector.GetValues();
            ReadOnlySpan<int> indices = vector.IsDense ? default : vector.GetIndices();
            for (int k = 0; k < values.Length; k++)
            {
                int i = vector.IsDense ? k : indices[k];
                if (float.IsNaN(values[k]) && !_seen[i])
                    Interlocked.Increment(ref _counts[i]);
            }
        }

        public void Close()
        {
            if (Interlocked.Decrement(ref _open) == 0 && _counts.Any(c => c > 0))
                owner.Report(_counts);
        }

        private static bool[] Seen(MissingValueImputation imputation)
        {
            var seen = new bool[imputation.FeatureCount];
            foreach (int slot in imputation.IndicatorSlots)
                seen[slot] = true;
            return seen;
        }
    }

    /// <summary>Reads each row's features once as the cursor moves, and counts them.</summary>
    private sealed class Cursor(DataViewRowCursor inner, DataViewSchema.Column features, Tally tally) : DataViewRowCursor
    {
        private readonly ValueGetter<VBuffer<float>> _features = inner.GetGetter<VBuffer<float>>(features);
        private VBuffer<float> _buffer;
        private bool _closed;

        public override DataViewSchema Schema => inner.Schema;

        public override long Position => inner.Position;

        public override long Batch => inner.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => inner.IsColumnActive(column);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => inner.GetGetter<TValue>(column);

        public override bool MoveNext()
        {
            if (!inner.MoveNext())
                return false;
            _features(ref _buffer);
            tally.Count(_buffer);
            return true;
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
