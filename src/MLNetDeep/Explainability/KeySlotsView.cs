using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Explainability;

/// <summary>
/// The inverse of the key-values view for feature importance: from a combined column (the features, then one raw key
/// value per key column) it gives the feature column and the key columns back, shadowing the originals, so that
/// permuting one slot of the combined column permutes a feature or a whole categorical column.
/// </summary>
internal sealed class KeySlotsView : IDataView
{
    private readonly IDataView _source;
    private readonly int _combined;
    private readonly int _featureCount;

    /// <param name="source">Data with the combined column.</param>
    /// <param name="combinedColumn">The combined column's name.</param>
    /// <param name="featureColumn">The feature column to give back (the first <paramref name="featureCount"/> slots).</param>
    /// <param name="featureCount">The feature column's width.</param>
    /// <param name="keyColumns">The key columns to give back, in slot order after the features, with their types.</param>
    public KeySlotsView(IDataView source, string combinedColumn, string featureColumn, int featureCount, IReadOnlyList<(string Name, KeyDataViewType Type)> keyColumns)
    {
        _source = source;
        _combined = source.Schema[combinedColumn].Index;
        _featureCount = featureCount;
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(source.Schema);
        builder.AddColumn(featureColumn, new VectorDataViewType(NumberDataViewType.Single, featureCount));
        foreach (var (name, type) in keyColumns)
            builder.AddColumn(name, type);
        Schema = builder.ToSchema();
    }

    public bool CanShuffle => _source.CanShuffle;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, _source.GetRowCursor(SourceColumns(columnsNeeded), rand));

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [.. _source.GetRowCursorSet(SourceColumns(columnsNeeded), n, rand).Select(c => (DataViewRowCursor)new Cursor(this, c))];

    private int SourceIndex(int index) => index < _source.Schema.Count ? index : _combined;

    private IEnumerable<DataViewSchema.Column> SourceColumns(IEnumerable<DataViewSchema.Column> needed) =>
        needed.Select(c => SourceIndex(c.Index)).Distinct().Select(i => _source.Schema[i]);

    private sealed class Cursor(KeySlotsView parent, DataViewRowCursor source) : DataViewRowCursor
    {
        private ValueGetter<VBuffer<float>>? _combined;
        private VBuffer<float> _values;
        private float[] _dense = [];
        private long _readAt = -1;

        public override DataViewSchema Schema => parent.Schema;

        public override long Position => source.Position;

        public override long Batch => source.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => source.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => source.IsColumnActive(parent._source.Schema[parent.SourceIndex(column.Index)]);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            int sourceCount = parent._source.Schema.Count;
            if (column.Index < sourceCount)
                return source.GetGetter<TValue>(source.Schema[column.Index]);
            _combined ??= source.GetGetter<VBuffer<float>>(source.Schema[parent._combined]);
            if (column.Index == sourceCount)
            {
                ValueGetter<VBuffer<float>> features = (ref VBuffer<float> value) =>
                {
                    var dense = Read().Slice(0, parent._featureCount);
                    var editor = VBufferEditor.Create(ref value, parent._featureCount);
                    dense.CopyTo(editor.Values);
                    value = editor.Commit();
                };
                return (ValueGetter<TValue>)(Delegate)features;
            }
            int slot = parent._featureCount + column.Index - sourceCount - 1;
            ValueGetter<uint> key = (ref uint value) => value = (uint)Math.Max(0, Read()[slot]);
            return (ValueGetter<TValue>)(Delegate)key;
        }

        /// <summary>The current row's combined values, read once per row.</summary>
        private ReadOnlySpan<float> Read()
        {
            if (_readAt != source.Position)
            {
                _combined!(ref _values);
                if (_dense.Length != _values.Length)
                    _dense = new float[_values.Length];
                _values.CopyTo(_dense);
                _readAt = source.Position;
            }
            return _dense;
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
