using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Tests.Onnx;
using static MLNetDeep.Tests.Onnx.PipelineOnnxRunner;

namespace MLNetDeep.Tests.Embeddings;

/// <summary>
/// <c>SavePipelineAsOnnx</c> with key columns embedded: ML.NET's converter gives the keys, the network's graph casts and
/// embeds them; ONNX Runtime scores like Transform, for a colour the key mapping never saw too.
/// </summary>
[TestClass]
public sealed class EmbeddingPipelineOnnxTests
{
    private static readonly string[] Keys = ["Cut", "Color", "Clarity"];

    [TestMethod]
    [DataRow(NumericalEmbedding.None)]
    [DataRow(NumericalEmbedding.PiecewiseLinear)]
    [DataRow(NumericalEmbedding.Periodic)]
    public void Regression_KeyColumnsAndNumericalEmbedding_OnnxRuntimeMatchesTransform(NumericalEmbedding numerical)
    {
        var mlContext = new MLContext(seed: 1);
        IDataView data = PipelineOnnxTestData.Load(mlContext);
        // Trained without colour J: scoring rows with J gives the unknown key.
        IDataView training = mlContext.Data.FilterByCustomPredicate<PipelineOnnxTestData.DiamondRow>(data, row => row.Color == "J");
        var pipeline = mlContext.Transforms.Conversion.MapValueToKey([.. Keys.Select(k => new InputOutputColumnPair(k))])
            .Append(mlContext.Transforms.Concatenate("Features", "Carat", "Depth", "Table"))
            .Append(mlContext.Regression.Trainers.DeepMlp(new DeepMlpRegressionTrainer.Options
            {
                LabelColumnName = "Price", HiddenLayerSizes = [8], NumberOfEpochs = 2, Seed = 1, CategoricalColumnNames = Keys,
                NumericalEmbedding = numerical, NumberOfEmbeddingBins = 4, PeriodicFrequencies = 2, NumericalEmbeddingDimension = 3,
            }));
        var model = pipeline.Fit(training);
        byte[] onnx;
        using (var stream = new MemoryStream())
        {
            mlContext.Model.SavePipelineAsOnnx(model, data, stream);
            onnx = stream.ToArray();
        }

        IDataView rows = PipelineOnnxTestData.Head(mlContext, data, 60);
        Assert.IsTrue(rows.GetColumn<string>("Color").Contains("J"), "some scored rows have the unseen colour");
        Dictionary<string, Array> actual = Run(onnx, rows);
        AssertClose([.. model.Transform(rows).GetColumn<float>("Score")], actual["Score"], $"{numerical} Score");
        (string[] inputs, _, _) = Describe(onnx);
        CollectionAssert.IsSubsetOf(Keys, inputs, "the raw text columns are the graph's inputs");
    }
}
