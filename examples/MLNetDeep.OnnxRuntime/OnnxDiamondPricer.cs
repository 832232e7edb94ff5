using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

/// <summary>One diamond as another app holds it: plain values, no ML.NET types.</summary>
/// <param name="Carat">Weight in carats.</param>
/// <param name="Cut">Cut quality, such as "Ideal".</param>
/// <param name="Color">Color grade, "D" (best) to "J".</param>
/// <param name="Clarity">Clarity grade, such as "VS1".</param>
/// <param name="Dimensions">depth, table, x, y, z, in the order of diamonds.csv.</param>
internal sealed record Diamond(float Carat, string Cut, string Color, string Clarity, float[] Dimensions);

/// <summary>
/// Prices diamonds with the whole-pipeline ONNX file through ONNX Runtime's own API only, as a service in another
/// language would: one input tensor per column the pipeline reads, by column name, each [rows, width]; the output
/// <c>Score</c> is [rows, 1]. One-hot encoding and normalization run inside the graph.
/// </summary>
internal sealed class OnnxDiamondPricer : IDisposable
{
    private readonly InferenceSession _session;

    /// <summary>Opens the ONNX file.</summary>
    /// <param name="onnxPath">The file written by <c>mlContext.Model.SavePipelineAsOnnx</c>.</param>
    public OnnxDiamondPricer(string onnxPath)
    {
        // Errors only: ONNX Runtime warns, harmlessly, that two shapes of ML.NET's converted one-hot encoder disagree
        // ([rows, 1, n] and [rows, n]) when it loads the graph.
        using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        _session = new InferenceSession(onnxPath, options);
    }

    /// <summary>The graph's inputs: name → element type and shape (-1 for the batch dimension).</summary>
    public IReadOnlyDictionary<string, NodeMetadata> Inputs => _session.InputMetadata;

    /// <summary>The graph's outputs: name → element type and shape.</summary>
    public IReadOnlyDictionary<string, NodeMetadata> Outputs => _session.OutputMetadata;

    /// <summary>The predicted price of each diamond, in one call for the whole batch.</summary>
    public float[] Predict(IReadOnlyList<Diamond> diamonds)
    {
        NamedOnnxValue[] inputs =
        [
            Column("carat", [.. diamonds.Select(d => d.Carat)], 1),
            Column("cut", [.. diamonds.Select(d => d.Cut)]),
            Column("color", [.. diamonds.Select(d => d.Color)]),
            Column("clarity", [.. diamonds.Select(d => d.Clarity)]),
            Column("dimensions", [.. diamonds.SelectMany(d => d.Dimensions)], diamonds[0].Dimensions.Length),
        ];
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = _session.Run(inputs, ["Score"]);
        return [.. results[0].AsTensor<float>()];
    }

    /// <summary>Closes the ONNX Runtime session.</summary>
    public void Dispose() => _session.Dispose();

    /// <summary>A float column as a [rows, width] tensor, row after row.</summary>
    private static NamedOnnxValue Column(string name, float[] values, int width) =>
        NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(values, [values.Length / width, width]));

    /// <summary>A text column as a [rows, 1] string tensor.</summary>
    private static NamedOnnxValue Column(string name, string[] values) =>
        NamedOnnxValue.CreateFromTensor(name, new DenseTensor<string>(values, [values.Length, 1]));
}
