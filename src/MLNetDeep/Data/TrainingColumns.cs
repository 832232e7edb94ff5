using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetDeep.Data;

/// <summary>The columns a fit reads, checked by <see cref="ColumnRules"/>, with the task's label reader.</summary>
internal sealed class TrainingColumns
{
    private readonly Func<DataViewRow, DataViewSchema.Column, int, Func<long, float>> _labelReader;

    private TrainingColumns(
        DataViewSchema.Column features, DataViewSchema.Column label, DataViewSchema.Column? weight, int featureCount, int classCount,
        Func<DataViewRow, DataViewSchema.Column, int, Func<long, float>> labelReader, bool allowMissing)
    {
        AllowMissing = allowMissing;
        Features = features;
        Label = label;
        Weight = weight;
        FeatureCount = featureCount;
        ClassCount = classCount;
        _labelReader = labelReader;
    }

    public DataViewSchema.Column Features { get; }

    public DataViewSchema.Column Label { get; }

    public DataViewSchema.Column? Weight { get; }

    public int FeatureCount { get; }

    /// <summary>Whether NaN feature values are read as missing values (<see cref="MissingValueHandling.Impute"/>) rather than refused.</summary>
    public bool AllowMissing { get; }

    /// <summary>Number of classes (2 for binary, the label key's count for multiclass); 0 for regression.</summary>
    public int ClassCount { get; }

    public IEnumerable<DataViewSchema.Column> All => Weight is { } w ? [Features, Label, w] : [Features, Label];

    /// <summary>A reader of the current row's label as the float the loss expects; its argument is the row index for messages.</summary>
    public Func<long, float> LabelReader(DataViewRow row) => _labelReader(row, Label, ClassCount);

    /// <param name="schema">The data's schema.</param>
    /// <param name="options">Column names.</param>
    /// <param name="task">Accepts the label type and reads it.</param>
    /// <param name="source">"training data" or "validation data", for messages.</param>
    public static TrainingColumns Resolve(DataViewSchema schema, DeepMlpOptionsBase options, PredictionTask task, string source)
    {
        var checkedColumns = ColumnRules.Check(ColumnRules.Of(schema), options, task, source);
        return new TrainingColumns(
            schema[checkedColumns.Features.Name], schema[checkedColumns.Label.Name],
            checkedColumns.Weight is { } w ? schema[w.Name] : null,
            checkedColumns.Features.Size!.Value, checkedColumns.ClassCount, task.CreateLabelReader,
            options.MissingValues == MissingValueHandling.Impute);
    }

    /// <summary>Validation data's columns, which must give the network as many features as the training data.</summary>
    public TrainingColumns ResolveMatching(DataViewSchema validationSchema, DeepMlpOptionsBase options, PredictionTask task)
    {
        var validation = Resolve(validationSchema, options, task, "validation data");
        if (validation.FeatureCount != FeatureCount)
            throw ColumnRules.SchemaMismatch("validationData", $"Feature column '{options.FeatureColumnName}' has {validation.FeatureCount} values in the validation data "
                + $"but {FeatureCount} in the training data. Transform both with the same fitted pipeline.");
        return validation;
    }

    /// <summary>Each feature slot's name (the column's SlotNames annotation), or <c>Features[i]</c>.</summary>
    public string[] SlotNames()
    {
        var features = Features;
        int count = FeatureCount;
        var names = Enumerable.Range(0, count).Select(i => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{features.Name}[{i}]")).ToArray();
        if (features.Annotations.Schema.GetColumnOrNull("SlotNames")?.Type is VectorDataViewType { ItemType: TextDataViewType, Size: var size } && size == count)
        {
            var slotNames = default(VBuffer<ReadOnlyMemory<char>>);
            features.GetSlotNames(ref slotNames);
            int i = 0;
            foreach (var name in slotNames.DenseValues())
            {
                if (!name.IsEmpty)
                    names[i] = Embeddings.CategoricalInputs.SlotName(name);
                i++;
            }
        }
        return names;
    }
}
