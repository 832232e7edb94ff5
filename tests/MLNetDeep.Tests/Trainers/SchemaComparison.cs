using Microsoft.ML;
using Microsoft.ML.Data;
using VectorKind = Microsoft.ML.SchemaShape.Column.VectorKind;

namespace MLNetDeep.Tests.Trainers;

/// <summary>
/// Schema comparisons of ML.NET's estimator workout test, written against public members only: two fitted schemas
/// are the same (its <c>CheckSameSchemas</c>), and a delivered schema keeps an estimator's promise (its
/// <c>CheckSameSchemaShape</c> with <c>SchemaShape.Column.IsCompatibleWith</c>).
/// </summary>
internal static class SchemaComparison
{
    /// <summary>An annotation kind no component writes: asking for it must fail the same way on both schemas.</summary>
    private const string UnknownAnnotation = "PurpleDragonScales";

    // ML.NET's annotation kinds (AnnotationUtils.Kinds is internal).
    private const string SlotNames = "SlotNames";
    private const string KeyValues = "KeyValues";

    /// <summary>
    /// Same column count (hidden columns included); per index the same name and exact type; the same index found
    /// by name; the same SlotNames (presence, type, values) and KeyValues (presence, type; values when text).
    /// </summary>
    public static void AssertSame(DataViewSchema expected, DataViewSchema actual)
    {
        Assert.AreEqual(expected.Count, actual.Count, $"column count (hidden included): {Describe(expected)} vs {Describe(actual)}");
        for (int i = 0; i < expected.Count; i++)
        {
            DataViewSchema.Column first = expected[i], second = actual[i];
            Assert.AreEqual(first.Name, second.Name, $"column name at index {i}");
            Assert.AreEqual(first.Type, second.Type, $"type of column {i} '{first.Name}'");
            Assert.AreEqual(expected.GetColumnOrNull(first.Name)?.Index, actual.GetColumnOrNull(second.Name)?.Index, $"index found by the name '{first.Name}'");

            AssertSameNames(first, second, UnknownAnnotation, 0, mustBeText: true);
            AssertSameNames(first, second, SlotNames, first.Type is VectorDataViewType v ? (ulong)v.Size : 0, mustBeText: true);
            ulong keyCount = (first.Type is VectorDataViewType vector ? vector.ItemType : first.Type) is KeyDataViewType key ? key.Count : 0;
            AssertSameNames(first, second, KeyValues, keyCount, mustBeText: false);
        }
    }

    /// <summary>
    /// The estimator's promise holds for the fitted transformer's output schema: the same number of visible columns
    /// with the same names, and each delivered column compatible with the promised one (vector kind, item type,
    /// key-ness; its annotations the promised ones, each compatible).
    /// </summary>
    public static void AssertKeepsPromise(SchemaShape promised, DataViewSchema delivered)
    {
        var promisedColumns = promised.OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        var deliveredColumns = delivered.Where(c => !c.IsHidden).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        Assert.AreEqual(promisedColumns.Count, deliveredColumns.Count,
            $"visible columns: promised {string.Join(", ", promisedColumns.Select(c => c.Name))}; delivered {string.Join(", ", deliveredColumns.Select(c => c.Name))}");
        foreach (var (promise, column) in promisedColumns.Zip(deliveredColumns))
        {
            Assert.AreEqual(promise.Name, column.Name, "column names in order");
            AssertCompatible(column.Name, column.Type, promise, column.Name);
            foreach (DataViewSchema.Column annotation in column.Annotations.Schema)
            {
                string what = $"annotation {annotation.Name} of '{column.Name}'";
                var promisedAnnotation = promise.Annotations.Where(a => a.Name == annotation.Name).Cast<SchemaShape.Column?>().FirstOrDefault();
                Assert.IsNotNull(promisedAnnotation, $"{what} is delivered but not promised (promised: {string.Join(", ", promise.Annotations.Select(a => a.Name))})");
                AssertCompatible(annotation.Name, annotation.Type, promisedAnnotation.Value, what);
            }

            // Stricter than ML.NET (which only wants a superset): a promised annotation that is not delivered would
            // mislead a downstream estimator, so DeepMlp promises exactly what it delivers.
            CollectionAssert.AreEquivalent(
                promise.Annotations.Select(a => a.Name).ToArray(), column.Annotations.Schema.Select(a => a.Name).ToArray(), $"annotations of '{column.Name}'");
        }
    }

    /// <summary>The shape facts of a fitted type as <c>SchemaShape.Create</c> derives them: kind, item type (a key's raw type), key-ness.</summary>
    public static (VectorKind Kind, DataViewType ItemType, bool IsKey) ShapeFacts(DataViewType type)
    {
        var (kind, item) = type is VectorDataViewType v
            ? (v.IsKnownSize ? VectorKind.Vector : VectorKind.VariableVector, v.ItemType)
            : (VectorKind.Scalar, type);
        return item is KeyDataViewType key ? (kind, RawKeyType(key.RawType), true) : (kind, item, false);
    }

    private static void AssertCompatible(string name, DataViewType deliveredType, SchemaShape.Column promise, string what)
    {
        var (kind, itemType, isKey) = ShapeFacts(deliveredType);
        Assert.AreEqual(promise.Name, name, $"name of {what}");
        Assert.AreEqual(promise.Kind, kind, $"vector kind of {what} (delivered {deliveredType})");
        Assert.AreEqual(promise.ItemType, itemType, $"item type of {what} (delivered {deliveredType})");
        Assert.AreEqual(promise.IsKey, isKey, $"key-ness of {what} (delivered {deliveredType})");
    }

    private static NumberDataViewType RawKeyType(Type raw) =>
        raw == typeof(byte) ? NumberDataViewType.Byte
        : raw == typeof(ushort) ? NumberDataViewType.UInt16
        : raw == typeof(uint) ? NumberDataViewType.UInt32
        : raw == typeof(ulong) ? NumberDataViewType.UInt64
        : throw new AssertFailedException($"{raw.Name} is not a key's raw type.");

    private static void AssertSameNames(DataViewSchema.Column first, DataViewSchema.Column second, string kind, ulong size, bool mustBeText)
    {
        string what = $"{kind} of '{first.Name}'";
        DataViewType? type1 = first.Annotations.Schema.GetColumnOrNull(kind)?.Type, type2 = second.Annotations.Schema.GetColumnOrNull(kind)?.Type;
        Assert.AreEqual(type1 is null, type2 is null, $"presence of {what}");
        if (type1 is null)
        {
            AssertGetValueFails(first, kind);
            AssertGetValueFails(second, kind);
            return;
        }
        Assert.AreEqual(type1, type2, $"type of {what}");
        if ((type1 is VectorDataViewType t ? t.ItemType : type1) is not TextDataViewType)
        {
            Assert.IsFalse(mustBeText, $"{what} is of type {type1}, but must be text");
            return; // ML.NET compares only text names.
        }
        Assert.AreEqual(size, type1 is VectorDataViewType names ? (ulong)names.Size : 0, $"size of {what}");
        Assert.IsTrue(Names(first, kind).SequenceEqual(Names(second, kind)), $"values of {what}");
    }

    private static string[] Names(DataViewSchema.Column column, string kind)
    {
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        column.Annotations.GetValue(kind, ref names);
        return [.. names.DenseValues().Select(n => n.ToString())];
    }

    private static void AssertGetValueFails(DataViewSchema.Column column, string kind)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Names(column, kind), $"getting the absent {kind} of '{column.Name}'");
        Assert.AreEqual("Invalid call to 'GetValue'", error.Message);
    }

    private static string Describe(DataViewSchema schema) => string.Join(", ", schema.Select(c => c.IsHidden ? $"({c.Name})" : c.Name));
}
