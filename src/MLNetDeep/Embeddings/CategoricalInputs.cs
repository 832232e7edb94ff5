using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Embeddings;

/// <summary>
/// The key-typed columns a DeepMlp network embeds (<see cref="DeepMlpOptionsBase.CategoricalColumnNames"/>). Training
/// reads each key's raw value (1 … n; 0 for a missing key) as a Single after the feature vector, under the feature
/// column's name; the exported graph takes each key column as a uint32 input of its own and does the same inside.
/// </summary>
internal sealed class CategoricalInputs
{
    /// <summary>The prefix of the training view's added columns.</summary>
    public const string HiddenPrefix = "__DeepMlp.";

    private CategoricalInputs(string featureColumnName, IReadOnlyList<string> names, IReadOnlyList<int> cardinalities)
    {
        FeatureColumnName = featureColumnName;
        Names = names;
        Cardinalities = cardinalities;
    }

    /// <summary>The feature column the keys are appended to.</summary>
    public string FeatureColumnName { get; }

    /// <summary>The key columns, in the order of their slots after the features.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Each key column's number of keys in the training schema.</summary>
    public IReadOnlyList<int> Cardinalities { get; }

    /// <summary>
    /// The categorical columns the options name, checked against <paramref name="schema"/>; null when the options name none.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing, or is not a key of known count.</exception>
    public static CategoricalInputs? Resolve(DeepMlpOptionsBase options, DataViewSchema schema, string source)
    {
        if (options.CategoricalColumnNames is not { Length: > 0 } names)
            return null;
        var cardinalities = new int[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            var column = schema.GetColumnOrNull(names[i])
                ?? throw new ArgumentOutOfRangeException(nameof(schema), $"Categorical column '{names[i]}' is not in the {source}. "
                    + $"Columns: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}'"))}.");
            if (column.Type is not KeyDataViewType { Count: > 0 and <= int.MaxValue - 1 } key || key.RawType != typeof(uint))
                throw new ArgumentOutOfRangeException(nameof(schema), $"Categorical column '{names[i]}' in the {source} is of type '{column.Type}', but must be a key "
                    + $"of known count on UInt32 (the graph reads keys as uint32): map its values with mlContext.Transforms.Conversion.MapValueToKey(\"{names[i]}\"), "
                    + $"or convert the key with mlContext.Transforms.Conversion.ConvertType(\"{names[i]}\", outputKind: DataKind.UInt32).");
            cardinalities[i] = (int)key.Count;
        }
        return new CategoricalInputs(options.FeatureColumnName, [.. names], cardinalities);
    }

    /// <summary>
    /// Checks that <paramref name="schema"/> (validation or scoring data) has the same key columns with the same key counts.
    /// </summary>
    public void CheckMatches(DataViewSchema schema, string source)
    {
        for (int i = 0; i < Names.Count; i++)
        {
            var column = schema.GetColumnOrNull(Names[i])
                ?? throw new ArgumentOutOfRangeException(nameof(schema), $"Categorical column '{Names[i]}' is not in the {source}.");
            if (column.Type is not KeyDataViewType key || key.Count != (ulong)Cardinalities[i] || key.RawType != typeof(uint))
                throw new ArgumentOutOfRangeException(nameof(schema), $"Categorical column '{Names[i]}' in the {source} is of type '{column.Type}', "
                    + $"but the model was trained on a UInt32 key of {Cardinalities[i]} values: transform it with the same fitted MapValueToKey.");
        }
    }

    /// <summary>The training view: the feature column replaced by the features followed by the key values.</summary>
    public IDataView ForTraining(MLContext mlContext, IDataView data) => AppendKeyValues(mlContext, data, FeatureColumnName, Names, FeatureColumnName);

    /// <summary>
    /// <paramref name="data"/> with <paramref name="output"/>: the <paramref name="features"/> vector followed by the raw value
    /// of each of <paramref name="keys"/> (read through <see cref="KeyValuesView"/>; its slots are named after the key columns,
    /// see <see cref="SlotName"/>).
    /// </summary>
    public static IDataView AppendKeyValues(MLContext mlContext, IDataView data, string features, IReadOnlyList<string> keys, string output)
    {
        string[] hidden = [.. keys.Select(k => HiddenPrefix + k)];
        var keyed = new KeyValuesView(data, keys, hidden);
        return mlContext.Transforms.Concatenate(output, [features, .. hidden]).Fit(keyed).Transform(keyed);
    }

    /// <summary>A slot name of a view from <see cref="AppendKeyValues"/>: a key value's slot is named after its key column.</summary>
    public static string SlotName(ReadOnlyMemory<char> name) => name.ToString().Replace(HiddenPrefix, string.Empty, StringComparison.Ordinal);

    /// <summary>A view with the feature column (<paramref name="featureCount"/> Single values) and the key columns, no rows.</summary>
    public IDataView EmptyInput(int featureCount)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(FeatureColumnName, new VectorDataViewType(NumberDataViewType.Single, featureCount));
        for (int i = 0; i < Names.Count; i++)
            builder.AddColumn(Names[i], new KeyDataViewType(typeof(uint), Cardinalities[i]));
        return new SchemaOnlyView(builder.ToSchema());
    }
}
