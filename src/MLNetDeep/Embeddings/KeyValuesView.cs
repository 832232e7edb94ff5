using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Embeddings;

/// <summary>
/// A view of a data view with one added Single column per key column: the key's raw value (1 … n; 0 for a
/// missing key). ML.NET's type conversion keeps keys keys, so training reads them through this view; scoring reads the
/// keys directly (the exported graph takes them as uint32 inputs).
/// </summary>
internal sealed class KeyValuesView : IDataView
{
    private readonly IDataView _source;
    private readonly int[] _keyColumns;

    /// <param name="source">The data.</param>
    /// <param name="keyColumns">The key columns' names.</param>
    /// <param name="outputNames">The added columns' names, one per key column.</param>
    public KeyValuesView(IDataView source, IReadOnlyList<string> keyColumns, IReadOnlyList<string> outputNames)
    {
        _source = source;
        _keyColumns = [.. keyColumns.Select(name => source.Schema[name].Index)];
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(source.Schema);
        foreach (string name in outputNames)
            builder.AddColumn(name, NumberDataViewType.Single);
        Schema = builder.ToSchema();
    }

    public bool CanShuffle => _source.CanShuffle;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, _source.GetRowCursor(SourceColumns(columnsNeeded), rand));

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [.. _source.GetRowCursorSet(SourceColumns(columnsNeeded), n, rand).Select(c => (DataViewRowCursor)new Cursor(this, c))];

    /// <summary>The source columns the needed columns read: themselves, or the key column an added column converts.</summary>
    private IEnumerable<DataViewSchema.Column> SourceColumns(IEnumerable<DataViewSchema.Column> needed)
    {
        int sourceCount = _source.Schema.Count;
        return needed.Select(c => c.Index < sourceCount ? c.Index : _keyColumns[c.Index - sourceCount]).Distinct().Select(i => _source.Schema[i]);
    }

    private sealed class Cursor(KeyValuesView parent, DataViewRowCursor source) : DataViewRowCursor
    {
        public override DataViewSchema Schema => parent.Schema;

        public override long Position => source.Position;

        public override long Batch => source.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => source.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            source.IsColumnActive(parent._source.Schema[column.Index < parent._source.Schema.Count ? column.Index : parent._keyColumns[column.Index - parent._source.Schema.Count]]);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            int sourceCount = parent._source.Schema.Count;
            if (column.Index < sourceCount)
                return source.GetGetter<TValue>(source.Schema[column.Index]);
            var key = source.GetGetter<uint>(source.Schema[parent._keyColumns[column.Index - sourceCount]]);
            uint raw = 0;
            ValueGetter<float> getter = (ref float value) =>
            {
                key(ref raw);
                value = raw;
            };
            return (ValueGetter<TValue>)(Delegate)getter;
        }

        public override bool MoveNext() => source.MoveNext();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                source.Dispose();
            base.Dispose(disposing);
        }
    }
}
