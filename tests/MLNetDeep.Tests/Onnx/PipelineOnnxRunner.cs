using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MLNetDeep.Tests.Onnx;

/// <summary>Runs a whole-pipeline ONNX model in ONNX Runtime, feeding each graph input from the column of that name.</summary>
internal static class PipelineOnnxRunner
{
    /// <summary>Every output, flattened ([batch, width] row by row): float[], bool[], string[] or uint[].</summary>
    public static Dictionary<string, Array> Run(byte[] model, IDataView rows)
    {
        using var session = new InferenceSession(model);
        var inputs = new List<NamedOnnxValue>();
        foreach ((string name, NodeMetadata metadata) in session.InputMetadata)
        {
            if (metadata.ElementType == typeof(float) && rows.Schema[name].Type is VectorDataViewType { Size: var width })
            {
                float[] values = [.. rows.GetColumn<float[]>(name).SelectMany(v => v)];
                inputs.Add(NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(values, [values.Length / width, width])));
            }
            else if (metadata.ElementType == typeof(float))
            {
                float[] values = [.. rows.GetColumn<float>(name)];
                inputs.Add(NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(values, [values.Length, 1])));
            }
            else if (metadata.ElementType == typeof(string))
            {
                string[] values = [.. rows.GetColumn<ReadOnlyMemory<char>>(name).Select(v => v.ToString())];
                inputs.Add(NamedOnnxValue.CreateFromTensor(name, new DenseTensor<string>(values, [values.Length, 1])));
            }
            else
            {
                throw new NotSupportedException($"Input '{name}' of type {metadata.ElementType}.");
            }
        }

        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = session.Run(inputs);
        return results.ToDictionary(r => r.Name, r => r.Value switch
        {
            Tensor<float> f => (Array)f.ToArray(),
            Tensor<bool> b => b.ToArray(),
            Tensor<string> s => s.ToArray(),
            Tensor<uint> u => u.ToArray(),
            _ => throw new NotSupportedException(r.Value.GetType().Name),
        });
    }

    /// <summary>One row per call (ML.NET's converted text featurization takes a batch of one); float outputs joined in row order.</summary>
    public static Dictionary<string, float[]> RunRowByRow(MLContext mlContext, byte[] model, IDataView rows, int count)
    {
        var outputs = new Dictionary<string, float[]>();
        for (int i = 0; i < count; i++)
        {
            IDataView row = mlContext.Data.TakeRows(i == 0 ? rows : mlContext.Data.SkipRows(rows, i), 1);
            foreach ((string name, Array values) in Run(model, row))
            {
                if (values is float[] floats)
                    outputs[name] = outputs.TryGetValue(name, out float[]? before) ? [.. before, .. floats] : floats;
            }
        }

        return outputs;
    }

    /// <summary>The graph's input names and its default-domain opsets (ai.onnx, ai.onnx.ml, …) by domain.</summary>
    public static (string[] Inputs, Dictionary<string, long> Opsets, string[] Operators) Describe(byte[] model)
    {
        global::Onnx.ModelProto proto = global::Onnx.ModelProto.Parser.ParseFrom(model);
        return ([.. proto.Graph.Input.Select(i => i.Name).Order()],
            proto.OpsetImport.ToDictionary(o => o.Domain, o => o.Version),
            [.. proto.Graph.Node.Select(n => n.OpType).Distinct()]);
    }

    /// <summary>
    /// The model with every StringNormalizer told to use <paramref name="locale"/>: ONNX Runtime's default on Linux,
    /// en_US.UTF-8, is not installed on every machine (this one has C.UTF-8 only).
    /// </summary>
    public static byte[] WithStringNormalizerLocale(byte[] model, string locale)
    {
        global::Onnx.ModelProto proto = global::Onnx.ModelProto.Parser.ParseFrom(model);
        foreach (global::Onnx.NodeProto node in proto.Graph.Node.Where(n => n.OpType == "StringNormalizer"))
        {
            global::Onnx.AttributeProto? existing = node.Attribute.FirstOrDefault(a => a.Name == "locale");
            if (existing is not null)
                node.Attribute.Remove(existing);
            node.Attribute.Add(new global::Onnx.AttributeProto
            {
                Name = "locale", Type = global::Onnx.AttributeProto.Types.AttributeType.String, S = Google.Protobuf.ByteString.CopyFromUtf8(locale),
            });
        }

        return Google.Protobuf.MessageExtensions.ToByteArray(proto);
    }

    /// <summary>|expected − actual| ≤ 1e-5 · max(1, |expected|) for every value.</summary>
    public static void AssertClose(IReadOnlyList<float> expected, Array actual, string what)
    {
        var values = (float[])actual;
        Assert.HasCount(expected.Count, values, what);
        for (int i = 0; i < expected.Count; i++)
        {
            float tolerance = 1e-5f * Math.Max(1f, Math.Abs(expected[i]));
            Assert.IsLessThanOrEqualTo(tolerance, Math.Abs(expected[i] - values[i]), $"{what}[{i}]: Transform {expected[i]}, ONNX Runtime {values[i]}");
        }
    }
}
