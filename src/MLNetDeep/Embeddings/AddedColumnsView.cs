using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Embeddings;

/// <summary>
/// A data view with columns added after a source view's (a name already there is shadowed): every source column reads
/// through, and each added column is computed from the source column it depends on, by a row reader per cursor.
/// </summary>
internal abstract class AddedColumnsView : IDataView
{
    /// <param name="source">The data.</param>
    /// <param name="added">The added columns' names and types.</param>
    protected AddedColumnsView(IDataView source, IEnumerable<(string Name, DataViewType Type)> added)
    {
        Source = source;
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(source.Schema);
        foreach (var (name, type) in added)
            builder.AddColumn(name, type);
        Schema = builder.ToSchema();
    }

    /// <summary>The data the columns are added to.</summary>
    protected IDataView Source { get; }

    public bool CanShuffle => Source.CanShuffle;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => Source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, Source.GetRowCursor(SourceColumns(columnsNeeded), rand));

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [.. Source.GetRowCursorSet(SourceColumns(columnsNeeded), n, rand).Select(c => (DataViewRowCursor)new Cursor(this, c))];

    /// <summary>The source column added column <paramref name="added"/> (0-based among the added ones) is computed from.</summary>
    protected abstract int SourceOf(int added);

    /// <summary>A getter of added column <paramref name="added"/> on <paramref name="cursor"/> (a ValueGetter of the column's type).</summary>
    protected abstract Delegate Getter(DataViewRowCursor cursor, int added);

    private int SourceIndex(int index) => index < Source.Schema.Count ? index : SourceOf(index - Source.Schema.Count);

    private IEnumerable<DataViewSchema.Column> SourceColumns(IEnumerable<DataViewSchema.Column> needed) =>
        needed.Select(c => SourceIndex(c.Index)).Distinct().Select(i => Source.Schema[i]);

    private sealed class Cursor(AddedColumnsView parent, DataViewRowCursor source) : DataViewRowCursor
    {
        public override DataViewSchema Schema => parent.Schema;

        public override long Position => source.Position;

        public override long Batch => source.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => source.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => source.IsColumnActive(parent.Source.Schema[parent.SourceIndex(column.Index)]);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => column.Index < parent.Source.Schema.Count
            ? source.GetGetter<TValue>(source.Schema[column.Index])
            : (ValueGetter<TValue>)parent.Getter(source, column.Index - parent.Source.Schema.Count);

        public override bool MoveNext() => source.MoveNext();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                source.Dispose();
            base.Dispose(disposing);
        }
    }
}
