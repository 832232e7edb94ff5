using Microsoft.ML;

namespace MLNetDeep.PipelineExport;

/// <summary>
/// Runs ML.NET's ONNX converter so that nothing is left out silently. The converter walks back from the last step:
/// at a step it cannot export it only logs "Had to stop walkback of pipeline at …" and writes the steps after it, reading
/// raw input columns where that step's output was meant; and it walks on into the transforms that produced the input
/// view. Here it runs on a private context whose log is watched for that warning, over a <see cref="VisibleColumnsView"/>
/// of the input, so the walk ends at the input data.
/// </summary>
internal static class OnnxConversion
{
    private const string WalkbackStopped = "Had to stop walkback of pipeline at";

    /// <summary>The converted model, or null when the converter skipped a step (it stopped walking back).</summary>
    /// <exception cref="Exception">Whatever the converter throws for a step it cannot convert.</exception>
    public static byte[]? TryConvert(ITransformer chain, IDataView inputData, params string[] outputColumns)
    {
        var context = new MLContext();
        bool skipped = false;
        context.Log += (_, e) =>
        {
            if (e.RawMessage.StartsWith(WalkbackStopped, StringComparison.Ordinal))
                skipped = true;
        };
        using var stream = new MemoryStream();
        context.Model.ConvertToOnnx(chain, new VisibleColumnsView(inputData), stream, outputColumns);
        return skipped ? null : stream.ToArray();
    }
}
