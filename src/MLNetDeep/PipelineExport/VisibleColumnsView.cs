using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.PipelineExport;

/// <summary>
/// The visible columns of a view, as a view that is not a transform: where ML.NET's ONNX converter ends its walk back
/// (it would walk on into the transforms that produced a transformed view), and whose inputs it names after the
/// columns (with a hidden column of the same name beside it, it would name the visible one <c>Carat0</c>).
/// </summary>
internal sealed class VisibleColumnsView : IDataView
{
    private readonly IDataView _source;

    public VisibleColumnsView(IDataView source)
    {
        _source = source;
        var builder = new DataViewSchema.Builder();
        foreach (DataViewSchema.Column column in source.Schema.Where(c => !c.IsHidden))
            builder.AddColumn(column.Name, column.Type, column.Annotations);
        Schema = builder.ToSchema();
    }

    public bool CanShuffle => _source.CanShuffle;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(_source.GetRowCursor(Source(columnsNeeded), rand), this);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [.. _source.GetRowCursorSet(Source(columnsNeeded), n, rand).Select(c => new Cursor(c, this))];

    private List<DataViewSchema.Column> Source(IEnumerable<DataViewSchema.Column> columns) => [.. columns.Select(c => _source.Schema[c.Name])];

    private sealed class Cursor(DataViewRowCursor inner, VisibleColumnsView owner) : DataViewRowCursor
    {
        public override DataViewSchema Schema => owner.Schema;

        public override long Position => inner.Position;

        public override long Batch => inner.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => inner.IsColumnActive(owner._source.Schema[column.Name]);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => inner.GetGetter<TValue>(owner._source.Schema[column.Name]);

        public override bool MoveNext() => inner.MoveNext();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
