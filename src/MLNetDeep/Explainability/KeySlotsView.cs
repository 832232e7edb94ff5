using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Embeddings;

namespace MLNetDeep.Explainability;

/// <summary>
/// The inverse of <see cref="KeyValuesView"/> for feature importance: from a combined column (the features, then one raw
/// key value per key column) it gives the feature column and the key columns back, shadowing the originals, so that
/// permuting one slot of the combined column permutes a feature or a whole categorical column.
/// </summary>
internal sealed class KeySlotsView : AddedColumnsView
{
    private readonly int _combined;
    private readonly int _featureCount;

    /// <param name="source">Data with the combined column.</param>
    /// <param name="combinedColumn">The combined column's name.</param>
    /// <param name="featureColumn">The feature column to give back (the first <paramref name="featureCount"/> slots).</param>
    /// <param name="featureCount">The feature column's width.</param>
    /// <param name="keyColumns">The key columns to give back, in slot order after the features, with their types.</param>
    public KeySlotsView(IDataView source, string combinedColumn, string featureColumn, int featureCount, IReadOnlyList<(string Name, KeyDataViewType Type)> keyColumns)
        : base(source, [(featureColumn, new VectorDataViewType(NumberDataViewType.Single, featureCount)), .. keyColumns.Select(k => (k.Name, (DataViewType)k.Type))])
    {
        _combined = source.Schema[combinedColumn].Index;
        _featureCount = featureCount;
    }

    protected override int SourceOf(int added) => _combined;

    protected override Delegate Getter(DataViewRowCursor cursor, int added)
    {
        var row = new CombinedRow(cursor.GetGetter<VBuffer<float>>(cursor.Schema[_combined]), () => cursor.Position);
        if (added == 0)
        {
            return (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) =>
            {
                var editor = VBufferEditor.Create(ref value, _featureCount);
                row.Read()[.._featureCount].CopyTo(editor.Values);
                value = editor.Commit();
            });
        }
        int slot = _featureCount + added - 1;
        return (ValueGetter<uint>)((ref uint value) => value = (uint)Math.Max(0, row.Read()[slot]));
    }

    /// <summary>The current row's combined values, read once per row.</summary>
    private sealed class CombinedRow(ValueGetter<VBuffer<float>> getter, Func<long> position)
    {
        private VBuffer<float> _values;
        private float[] _dense = [];
        private long _readAt = -1;

        public ReadOnlySpan<float> Read()
        {
            if (_readAt != position())
            {
                getter(ref _values);
                if (_dense.Length != _values.Length)
                    _dense = new float[_values.Length];
                _values.CopyTo(_dense);
                _readAt = position();
            }
            return _dense;
        }
    }
}
