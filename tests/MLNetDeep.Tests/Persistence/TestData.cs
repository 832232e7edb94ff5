using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Onnx;
using MLNetDeep.Snapshots;
using MLNetDeep.Tests.Onnx;

namespace MLNetDeep.Tests.Persistence;

/// <summary>Tiny labelled data sets whose labels come from the network itself (so metrics are meaningful) plus raw columns for pipelines.</summary>
internal static class TestData
{
    public const string Features = "Features";
    public const string Label = "Label";
    public static readonly string[] ClassNames = ["cat", "dog", "bird", "fish"];

    public sealed class Row
    {
        public float[] Features { get; set; } = [];
        public float A { get; set; }
        public float B { get; set; }
        public bool BinaryLabel { get; set; }
        public string ClassLabel { get; set; } = string.Empty;
        public float Value { get; set; }
    }

    public sealed class ClassName
    {
        public string Name { get; set; } = string.Empty;
    }

    public static List<Row> Rows(NetworkSnapshot network, int count = 40, int seed = 11)
    {
        float[][] inputs = TestNetworks.Inputs(count, network.InputSize, seed);
        return inputs.Select((x, i) =>
        {
            ReferenceOutput reference = ReferenceForward.Predict(network, x);
            bool flip = i % 7 == 0;
            return new Row
            {
                Features = x,
                A = x[0],
                B = x[1],
                BinaryLabel = (reference.Score[0] > 0) ^ flip,
                ClassLabel = ClassNames[(Math.Max(reference.ClassIndex, 0) + (flip ? 1 : 0)) % ClassNames.Length],
                Value = (float)reference.Score[0] + (flip ? 0.5f : 0f),
            };
        }).ToList();
    }

    /// <summary>The rows with a Features vector of the network's width and a Label column of the task's type (multiclass: a key).</summary>
    public static IDataView Load(MLContext mlContext, NetworkSnapshot network, IEnumerable<Row> rows, string featureColumnName = Features)
    {
        var definition = SchemaDefinition.Create(typeof(Row));
        SchemaDefinition.Column features = definition[nameof(Row.Features)];
        features.ColumnType = new VectorDataViewType(NumberDataViewType.Single, network.InputSize);
        features.ColumnName = featureColumnName;
        IDataView data = mlContext.Data.LoadFromEnumerable(rows, definition);
        string source = network.Task switch
        {
            BinaryClassificationTask => nameof(Row.BinaryLabel),
            MulticlassClassificationTask => nameof(Row.ClassLabel),
            _ => nameof(Row.Value),
        };
        var copy = mlContext.Transforms.CopyColumns(Label, source);
        return network.Task is MulticlassClassificationTask
            ? copy.Append(mlContext.Transforms.Conversion.MapValueToKey(Label, keyData: mlContext.Data.LoadFromEnumerable(
                ClassNames.Take(((MulticlassClassificationTask)network.Task).ClassCount).Select(n => new ClassName { Name = n })))).Fit(data).Transform(data)
            : copy.Fit(data).Transform(data);
    }

    public static DeepMlpTransformer Transformer(NetworkSnapshot network, IDataView data) =>
        TestModels.Transformer(network, Features, data.Schema, Label);
}
