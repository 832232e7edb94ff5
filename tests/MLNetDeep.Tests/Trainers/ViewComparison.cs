using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Tests.Trainers;

/// <summary>
/// ML.NET's <c>CheckSameValues(view1, view2, exactDoubles: false)</c> with public members: the same rows, row ids and
/// values in every column, whether the second view's cursor activates all columns, the even ones, the odd ones or a
/// single one. Floats and doubles may differ by 1e-6 and 1e-9; everything else must be equal.
/// </summary>
internal static class ViewComparison
{
    private const float SingleEpsilon = 1e-6f;
    private const double DoubleEpsilon = 1e-9;

    public static void AssertSameValues(IDataView first, IDataView second)
    {
        Assert.AreEqual(first.Schema.Count, second.Schema.Count, "column count");
        var subsets = new List<(string Name, DataViewSchema.Column[] Columns)>
        {
            ("all columns", [.. second.Schema]),
            ("even columns", [.. second.Schema.Where(c => c.Index % 2 == 0)]),
            ("odd columns", [.. second.Schema.Where(c => c.Index % 2 == 1)]),
        };
        subsets.AddRange(second.Schema.Select(c => ($"only column {c.Index} '{c.Name}'", new[] { c })));
        foreach (var (name, columns) in subsets)
            AssertSameValues(first, second, columns, name);
    }

    private static void AssertSameValues(IDataView first, IDataView second, DataViewSchema.Column[] active, string subset)
    {
        using DataViewRowCursor cursor1 = first.GetRowCursor(first.Schema);
        using DataViewRowCursor cursor2 = second.GetRowCursor(active);
        Assert.AreSame(first.Schema, cursor1.Schema, "the first view's cursor has the view's schema");
        Assert.AreSame(second.Schema, cursor2.Schema, $"the second view's cursor ({subset}) has the view's schema");

        var compared = active.Select(c => (c.Index, c.Name, Get1: Getter(cursor1, first.Schema[c.Index]), Get2: Getter(cursor2, c))).ToList();
        ValueGetter<DataViewRowId> id1 = cursor1.GetIdGetter(), id2 = cursor2.GetIdGetter();
        var ids = new HashSet<DataViewRowId>();
        while (true)
        {
            bool more1 = cursor1.MoveNext(), more2 = cursor2.MoveNext();
            Assert.AreEqual(more1, more2, $"row count ({subset}): one view ends at row {cursor1.Position}");
            if (!more1)
                return;
            DataViewRowId rowId1 = default, rowId2 = default;
            id1(ref rowId1);
            id2(ref rowId2);
            Assert.AreEqual(rowId1, rowId2, $"row id of row {cursor1.Position} ({subset})");
            Assert.IsTrue(ids.Add(rowId1), $"row id {rowId1} repeats at row {cursor1.Position}");
            foreach (var (index, name, get1, get2) in compared)
            {
                object? value1 = get1(), value2 = get2();
                Assert.IsTrue(Same(value1, value2), $"column {index} '{name}' of row {cursor1.Position} ({subset}): {Show(value1)} vs {Show(value2)}");
            }
        }
    }

    private static bool Same(object? first, object? second) => (first, second) switch
    {
        (float x, float y) => BitConverter.SingleToInt32Bits(x) == BitConverter.SingleToInt32Bits(y) || Math.Abs(x - y) < SingleEpsilon,
        (double x, double y) => BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y) || Math.Abs(x - y) < DoubleEpsilon,
        (object?[] x, object?[] y) => x.Length == y.Length && x.Zip(y).All(pair => Same(pair.First, pair.Second)),
        _ => Equals(first, second),
    };

    private static string Show(object? value) => value is object?[] items ? $"[{string.Join(", ", items)}]" : $"{value}";

    /// <summary>A getter of the column's value boxed: scalars as they are, vectors as dense arrays, text as strings.</summary>
    private static Func<object?> Getter(DataViewRow row, DataViewSchema.Column column)
    {
        bool isVector = column.Type is VectorDataViewType;
        Type raw = column.Type is VectorDataViewType vector ? vector.ItemType.RawType : column.Type.RawType;
        MethodInfo method = typeof(ViewComparison).GetMethod(isVector ? nameof(VectorGetter) : nameof(ScalarGetter), BindingFlags.NonPublic | BindingFlags.Static)!;
        return (Func<object?>)method.MakeGenericMethod(raw).Invoke(null, [row, column])!;
    }

    private static Func<object?> ScalarGetter<T>(DataViewRow row, DataViewSchema.Column column)
    {
        ValueGetter<T> get = row.GetGetter<T>(column);
        return () =>
        {
            T value = default!;
            get(ref value);
            return Box(value);
        };
    }

    private static Func<object?> VectorGetter<T>(DataViewRow row, DataViewSchema.Column column)
    {
        ValueGetter<VBuffer<T>> get = row.GetGetter<VBuffer<T>>(column);
        return () =>
        {
            var value = default(VBuffer<T>);
            get(ref value);
            return value.DenseValues().Select(Box).ToArray();
        };
    }

    private static object? Box<T>(T value) => value is ReadOnlyMemory<char> text ? text.ToString() : value;
}
