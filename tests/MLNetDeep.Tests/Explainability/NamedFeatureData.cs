using Microsoft.ML;
using MLNetDeep.Tests.Trainers;

namespace MLNetDeep.Tests.Explainability;

/// <summary>
/// SyntheticData's rules on four named scalar columns A, B, C, D, and pipelines that concatenate them into Features
/// (so the feature slots are named A…D) before a small DeepMlp. Binary and regression use A and B only; multiclass
/// uses A, B and C; D never matters.
/// </summary>
internal static class NamedFeatureData
{
    public static readonly string[] Names = ["A", "B", "C", "D"];

    public sealed class Row
    {
        public float A { get; set; }
        public float B { get; set; }
        public float C { get; set; }
        public float D { get; set; }
        public bool Label { get; set; }
        public string Class { get; set; } = "";
        public float Target { get; set; }
    }

    public static IDataView Load(MLContext ml, int rows, int seed) =>
        ml.Data.LoadFromEnumerable(SyntheticData.Features(rows, seed).Select(x => new Row
        {
            A = x[0], B = x[1], C = x[2], D = x[3],
            Label = x[0] + (0.5f * x[1]) > 0,
            Class = x[0] >= x[1] && x[0] >= x[2] ? "a" : x[1] >= x[2] ? "b" : "c",
            Target = (3 * x[0]) - (2 * x[1]) + 10,
        }).ToList());

    public static IEstimator<ITransformer> BinaryPipeline(MLContext ml) =>
        ml.Transforms.Concatenate("Features", Names)
            .Append(ml.BinaryClassification.Trainers.DeepMlp(hiddenLayerSizes: [16], numberOfEpochs: 20, learningRate: 0.01, batchSize: 16, seed: 1));

    public static IEstimator<ITransformer> MulticlassPipeline(MLContext ml) =>
        ml.Transforms.Conversion.MapValueToKey("Label", "Class")
            .Append(ml.Transforms.Concatenate("Features", Names))
            .Append(ml.MulticlassClassification.Trainers.DeepMlp(hiddenLayerSizes: [16], numberOfEpochs: 20, learningRate: 0.01, batchSize: 16, seed: 1));

    public static IEstimator<ITransformer> RegressionPipeline(MLContext ml) =>
        ml.Transforms.Concatenate("Features", Names)
            .Append(ml.Regression.Trainers.DeepMlp(labelColumnName: "Target", hiddenLayerSizes: [16], numberOfEpochs: 20, learningRate: 0.01, batchSize: 16, seed: 1));
}
