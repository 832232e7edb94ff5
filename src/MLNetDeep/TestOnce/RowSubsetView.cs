using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.TestOnce;

/// <summary>
/// A lazy view of the rows of a source view whose 0-based position is marked in a mask: the source's schema (every
/// column, every annotation) and values, without copying. ML.NET has no public filter by row position, so this
/// wraps the source's cursor. The source must give its rows in the same order on every cursor, as stock views do;
/// a source whose row count changed since the mask was made fails with a clear message.
/// </summary>
internal sealed class RowSubsetView : IDataView
{
    private readonly IDataView _source;
    private readonly bool[] _mask;
    private readonly long _count;

    public RowSubsetView(IDataView source, bool[] mask)
    {
        _source = source;
        _mask = mask;
        _count = mask.LongCount(m => m);
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema => _source.Schema;

    public long? GetRowCount() => _count;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(_source.GetRowCursor(columnsNeeded), _mask);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(DataViewRowCursor inner, bool[] mask) : DataViewRowCursor
    {
        private long _position = -1;
        private long _sourceRows;

        public override DataViewSchema Schema => inner.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool IsColumnActive(DataViewSchema.Column column) => inner.IsColumnActive(column);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => inner.GetGetter<TValue>(column);

        public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();

        public override bool MoveNext()
        {
            while (inner.MoveNext())
            {
                long row = _sourceRows++;
                if (row >= mask.Length)
                    throw Changed($"more than the {mask.Length} rows it had");
                if (mask[row])
                {
                    _position++;
                    return true;
                }
            }
            if (_sourceRows < mask.Length)
                throw Changed($"{_sourceRows} rows, fewer than the {mask.Length} it had");
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }

        private static InvalidOperationException Changed(string what) =>
            new($"The data this split was made from now gives {what}; the split's sets no longer match it. Create a new workflow from the data as it is now.");
    }
}
