using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Embeddings;

/// <summary>A data view with a given schema and no rows: what ML.NET estimators that only read the schema are fitted on.</summary>
internal sealed class SchemaOnlyView(DataViewSchema schema) : IDataView
{
    public bool CanShuffle => true;

    public DataViewSchema Schema => schema;

    public long? GetRowCount() => 0;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new EmptyCursor(schema);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new EmptyCursor(schema)];

    /// <summary>A cursor that is never on a row.</summary>
    private sealed class EmptyCursor(DataViewSchema schema) : DataViewRowCursor
    {
        public override DataViewSchema Schema => schema;

        public override long Position => -1;

        public override long Batch => 0;

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId value) => throw new InvalidOperationException("The view has no rows.");

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) =>
            (ref TValue value) => throw new InvalidOperationException("The view has no rows.");

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override bool MoveNext() => false;
    }
}
