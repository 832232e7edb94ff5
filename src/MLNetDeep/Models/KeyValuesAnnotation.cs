using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Models;

/// <summary>
/// Copies the <c>KeyValues</c> annotation of a key-typed label (the class names) to the columns that predict it.
/// The annotation's element type is only known at run time, so each use goes through a generic visitor.
/// </summary>
internal static class KeyValuesAnnotation
{
    public const string Kind = "KeyValues";

    public interface IVisitor
    {
        void Visit<T>();
    }

    /// <summary>Calls <paramref name="visitor"/> with the type argument matching <paramref name="rawType"/>.</summary>
    public static void Dispatch(Type rawType, IVisitor visitor)
    {
        if (rawType == typeof(ReadOnlyMemory<char>)) visitor.Visit<ReadOnlyMemory<char>>();
        else if (rawType == typeof(float)) visitor.Visit<float>();
        else if (rawType == typeof(double)) visitor.Visit<double>();
        else if (rawType == typeof(bool)) visitor.Visit<bool>();
        else if (rawType == typeof(sbyte)) visitor.Visit<sbyte>();
        else if (rawType == typeof(short)) visitor.Visit<short>();
        else if (rawType == typeof(int)) visitor.Visit<int>();
        else if (rawType == typeof(long)) visitor.Visit<long>();
        else if (rawType == typeof(byte)) visitor.Visit<byte>();
        else if (rawType == typeof(ushort)) visitor.Visit<ushort>();
        else if (rawType == typeof(uint)) visitor.Visit<uint>();
        else if (rawType == typeof(ulong)) visitor.Visit<ulong>();
        else throw new NotSupportedException($"Class names (KeyValues) of type '{rawType.Name}' are not supported.");
    }

    /// <summary>The label's KeyValues type, or null when it has none.</summary>
    public static VectorDataViewType? TypeOf(DataViewSchema.Column label) =>
        label.Annotations.Schema.GetColumnOrNull(Kind)?.Type as VectorDataViewType;

    /// <summary>Adds a copy of the label's KeyValues to a schema-definition column, if the label has them.</summary>
    public static void CopyTo(DataViewSchema.Column label, SchemaDefinition.Column target)
    {
        if (TypeOf(label) is { } type)
        {
            Dispatch(type.ItemType.RawType, new Copier(label, target, type));
        }
    }

    /// <summary>The class names as text, or null when the label has no KeyValues.</summary>
    public static IReadOnlyList<string>? Names(DataViewSchema.Column label)
    {
        if (TypeOf(label) is not { } type)
        {
            return null;
        }

        var reader = new NameReader(label);
        Dispatch(type.ItemType.RawType, reader);
        return reader.Names;
    }

    /// <summary>Adds a KeyValues annotation of <paramref name="type"/> with placeholder values, for schema propagation.</summary>
    public static void AddPlaceholder(SchemaDefinition.Column target, VectorDataViewType type) =>
        Dispatch(type.ItemType.RawType, new Placeholder(target, type));

    private sealed class Copier(DataViewSchema.Column label, SchemaDefinition.Column target, VectorDataViewType type) : IVisitor
    {
        public void Visit<T>()
        {
            VBuffer<T> values = default;
            label.Annotations.GetValue(Kind, ref values);
            VBuffer<T> copy = default;
            values.CopyTo(ref copy);
            target.AddAnnotation(Kind, copy, type);
        }
    }

    private sealed class NameReader(DataViewSchema.Column label) : IVisitor
    {
        public IReadOnlyList<string>? Names { get; private set; }

        public void Visit<T>()
        {
            VBuffer<T> values = default;
            label.Annotations.GetValue(Kind, ref values);
            Names = values.DenseValues().Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty).ToArray();
        }
    }

    private sealed class Placeholder(SchemaDefinition.Column target, VectorDataViewType type) : IVisitor
    {
        public void Visit<T>() => target.AddAnnotation(Kind, new VBuffer<T>(type.Size, 0, [], []), type);
    }
}
