using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Embeddings;

/// <summary>
/// A view of a data view with one added Single column per key column: the key's raw value (1 … n; 0 for a missing key).
/// ML.NET's type conversion keeps keys keys, so training reads them through this view; scoring reads the keys directly
/// (the exported graph takes them as uint32 inputs).
/// </summary>
internal sealed class KeyValuesView : AddedColumnsView
{
    private readonly int[] _keyColumns;

    /// <param name="source">The data.</param>
    /// <param name="keyColumns">The key columns' names.</param>
    /// <param name="outputNames">The added columns' names, one per key column.</param>
    public KeyValuesView(IDataView source, IReadOnlyList<string> keyColumns, IReadOnlyList<string> outputNames)
        : base(source, outputNames.Select(name => (name, (DataViewType)NumberDataViewType.Single)))
    {
        _keyColumns = [.. keyColumns.Select(name => source.Schema[name].Index)];
    }

    protected override int SourceOf(int added) => _keyColumns[added];

    protected override Delegate Getter(DataViewRowCursor cursor, int added)
    {
        var key = cursor.GetGetter<uint>(cursor.Schema[_keyColumns[added]]);
        uint raw = 0;
        return (ValueGetter<float>)((ref float value) =>
        {
            key(ref raw);
            value = raw;
        });
    }
}
