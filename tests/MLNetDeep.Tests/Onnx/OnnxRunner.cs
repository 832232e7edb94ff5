using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MLNetDeep.Tests.Onnx;

/// <summary>Runs an ONNX model in ONNX Runtime on a batch of rows; returns each output as float rows.</summary>
internal static class OnnxRunner
{
    public static Dictionary<string, float[][]> Run(byte[] model, string inputName, float[][] rows)
    {
        using var session = new InferenceSession(model);
        int width = rows[0].Length;
        var tensor = new DenseTensor<float>(rows.SelectMany(r => r).ToArray(), [rows.Length, width]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(inputName, tensor)]);
        var outputs = new Dictionary<string, float[][]>();
        foreach (var result in results)
        {
            float[] flat = result.Value switch
            {
                Tensor<float> f => f.ToArray(),
                Tensor<long> l => l.ToArray().Select(v => (float)v).ToArray(),
                _ => throw new NotSupportedException(result.Value.GetType().Name),
            };
            int perRow = flat.Length / rows.Length;
            outputs[result.Name] = Enumerable.Range(0, rows.Length).Select(i => flat.AsSpan(i * perRow, perRow).ToArray()).ToArray();
        }

        return outputs;
    }
}
