using Onnx;
using static MLNetDeep.Onnx.OnnxGraphBuilder;
using DataType = Onnx.TensorProto.Types.DataType;

namespace MLNetDeep.Onnx;

/// <summary>Writes the averaging head of an <see cref="EnsembleSnapshot"/> with two or more members.</summary>
internal static class OnnxEnsembleHead
{
    /// <summary>Combines the members' last values <paramref name="outputs"/> into the graph outputs of <paramref name="names"/>.</summary>
    public static void Write(OnnxGraphBuilder g, EnsembleSnapshot ensemble, IReadOnlyList<string> outputs, OnnxOutputNames names)
    {
        switch (ensemble.Head)
        {
            case BinaryHead:
                // Probability = mean σ(zᵢ). Score = log p − log(1 − p), computed without cancellation as
                // logsumexp(log σ(zᵢ)) − logsumexp(log σ(−zᵢ)) (the log N terms cancel), with log σ(z) = −softplus(−z).
                g.NodeTo("Mean", [.. outputs.Select(z => g.Node("Sigmoid", [z]))], names.Probability);
                string logPositive = LogSumExp(g, [.. outputs.Select(z => g.Node("Neg", [g.Node("Softplus", [g.Node("Neg", [z])])]))]);
                string logNegative = LogSumExp(g, [.. outputs.Select(z => g.Node("Neg", [g.Node("Softplus", [z])]))]);
                g.NodeTo("Sub", [logPositive, logNegative], names.Score);
                g.Graph.Output.Add(BatchTensor(names.Score, DataType.Float, 1));
                g.Graph.Output.Add(BatchTensor(names.Probability, DataType.Float, 1));
                break;
            case MulticlassHead multiclass:
                string mean = g.Node("Mean", [.. outputs.Select(z => g.Node("Softmax", [z], IntAttribute("axis", -1)))]);
                g.NodeTo("ArgMax", [mean], names.ClassIndex, IntAttribute("axis", 1), IntAttribute("keepdims", 1));
                if (names.SingleRow)
                {
                    g.NodeTo("Reshape", [mean, g.Int64Constant("flat_shape", [-1], 1)], names.Probability);
                    g.Graph.Output.Add(Tensor(names.Probability, DataType.Float, multiclass.ClassCount));
                }
                else
                {
                    g.NodeTo("Identity", [mean], names.Probability);
                    g.Graph.Output.Add(BatchTensor(names.Probability, DataType.Float, multiclass.ClassCount));
                }

                g.Graph.Output.Add(BatchTensor(names.ClassIndex, DataType.Int64, 1));
                break;
            case RegressionHead:
                string[] scores = [.. outputs.Select((z, i) =>
                {
                    var head = (RegressionHead)ensemble.Members[i].Head;
                    string scaled = g.Node("Mul", [z, g.Scalar("label_scale", head.LabelScale)]);
                    return g.Node("Add", [scaled, g.Scalar("label_offset", head.LabelOffset)]);
                })];
                g.NodeTo("Mean", scores, names.Score);
                g.Graph.Output.Add(BatchTensor(names.Score, DataType.Float, 1));
                break;
            default:
                throw new NotSupportedException($"Head type '{ensemble.Head.GetType().Name}' has no ONNX export.");
        }
    }

    /// <summary>log Σᵢ exp(vᵢ) over values of shape [batch, 1]; the result is [batch, 1].</summary>
    private static string LogSumExp(OnnxGraphBuilder g, string[] values)
    {
        string stacked = g.Node("Concat", values, IntAttribute("axis", 1));
        var axes = new AttributeProto { Name = "axes", Type = AttributeProto.Types.AttributeType.Ints };
        axes.Ints.Add(1);
        return g.Node("ReduceLogSumExp", [stacked], axes, IntAttribute("keepdims", 1));
    }
}
