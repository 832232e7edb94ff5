using Google.Protobuf;
using MLNetDeep.Scoring;
using Onnx;
using static MLNetDeep.Onnx.OnnxGraphBuilder;
using DataType = Onnx.TensorProto.Types.DataType;

namespace MLNetDeep.Onnx;

/// <summary>
/// Names of the graph outputs. Binary: <see cref="Score"/> (logit) and <see cref="Probability"/>, both [batch, 1].
/// Multiclass: <see cref="Probability"/> (softmax, [batch, K]) and <see cref="ClassIndex"/> (int64 arg-max, [batch, 1]).
/// Regression: <see cref="Score"/> ([batch, 1], in label units).
/// </summary>
/// <param name="Score">The binary logit or the regression value.</param>
/// <param name="Probability">The binary probability or the multiclass probabilities.</param>
/// <param name="ClassIndex">The multiclass arg-max.</param>
/// <param name="SingleRow">
/// True inside saved ML.NET models: OnnxTransformer runs one row per call and turns an output of shape [batch, K]
/// into a <c>Vector&lt;Single, 1, K&gt;</c> column, while ML.NET's multiclass <c>Score</c> is <c>Vector&lt;Single, K&gt;</c>;
/// so the multiclass probabilities are flattened to [K].
/// </param>
internal sealed record OnnxOutputNames(string Score, string Probability, string ClassIndex, bool SingleRow = false)
{
    /// <summary>Names of a standalone file, for users of ONNX Runtime.</summary>
    public static OnnxOutputNames Standalone { get; } = new("score", "probability", "predicted_class");

    /// <summary>Names the head adapters of the MLNetDeep.Scoring assembly read inside a saved ML.NET model.</summary>
    public static OnnxOutputNames ForHead(NetworkHead head) => head switch
    {
        BinaryHead => new(ScoringColumnNames.BinaryLogit, ScoringColumnNames.BinaryProbability, string.Empty),
        MulticlassHead => new(string.Empty, ScoringColumnNames.MulticlassProbabilities, ScoringColumnNames.MulticlassClassIndex, SingleRow: true),
        RegressionHead => new(ScoringColumnNames.RegressionScore, string.Empty, string.Empty),
        _ => throw new NotSupportedException($"Head type '{head.GetType().Name}' has no ONNX export."),
    };

    /// <summary>The outputs the graph declares for <paramref name="head"/>, in order.</summary>
    public string[] For(NetworkHead head) => head switch
    {
        BinaryHead => [Score, Probability],
        MulticlassHead => [Probability, ClassIndex],
        RegressionHead => [Score],
        _ => throw new NotSupportedException($"Head type '{head.GetType().Name}' has no ONNX export."),
    };
}

/// <summary>Writes a <see cref="NetworkSnapshot"/> as a standard ONNX model (opset 17, IR version 8).</summary>
internal static class OnnxExporter
{
    /// <summary>The ONNX operator set the exporter writes; LayerNormalization needs at least 17.</summary>
    public const int OpsetVersion = 17;

    /// <summary>Exports with the standalone output names (<see cref="OnnxOutputNames.Standalone"/>).</summary>
    /// <param name="network">The trained network.</param>
    /// <param name="inputName">The graph input's name: the trainer's feature column name.</param>
    /// <returns>The serialized ModelProto.</returns>
    internal static byte[] Export(NetworkSnapshot network, string inputName) =>
        Export(network, inputName, OnnxOutputNames.Standalone);

    /// <summary>Exports with the given output names.</summary>
    internal static byte[] Export(NetworkSnapshot network, string inputName, OnnxOutputNames outputNames) =>
        BuildModel(network, inputName, outputNames).ToByteArray();

    /// <summary>Exports an ensemble with the standalone output names; one member exports exactly as <see cref="Export(NetworkSnapshot, string)"/>.</summary>
    internal static byte[] Export(EnsembleSnapshot ensemble, string inputName) =>
        Export(ensemble, inputName, OnnxOutputNames.Standalone);

    /// <summary>Exports an ensemble with the given output names.</summary>
    internal static byte[] Export(EnsembleSnapshot ensemble, string inputName, OnnxOutputNames outputNames) =>
        BuildModel(ensemble, inputName, outputNames).ToByteArray();

    internal static ModelProto BuildModel(NetworkSnapshot network, string inputName, OnnxOutputNames outputNames)
    {
        ArgumentNullException.ThrowIfNull(network);
        return BuildModel(EnsembleSnapshot.Of(network), inputName, outputNames);
    }

    internal static ModelProto BuildModel(EnsembleSnapshot ensemble, string inputName, OnnxOutputNames outputNames)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        ArgumentException.ThrowIfNullOrEmpty(inputName);
        ArgumentNullException.ThrowIfNull(outputNames);

        var g = new OnnxGraphBuilder();
        g.Graph.Input.Add(BatchTensor(inputName, DataType.Float, ensemble.InputSize));
        if (ensemble.Members.Count == 1)
        {
            NetworkSnapshot network = ensemble.Members[0];
            (string body, int width) = OnnxLayerWriter.WriteLayers(g, network.Layers, inputName, network.InputSize);
            WriteHead(g, network.Head, body, width, outputNames);
        }
        else
        {
            var outputs = new List<string>();
            foreach (NetworkSnapshot member in ensemble.Members)
            {
                (string body, int width) = OnnxLayerWriter.WriteLayers(g, member.Layers, inputName, member.InputSize);
                RequireHeadWidth(member.Head, width);
                outputs.Add(body);
            }

            OnnxEnsembleHead.Write(g, ensemble, outputs, outputNames);
        }

        var model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = "MLNetDeep",
            ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? string.Empty,
            Graph = g.Graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OpsetVersion });
        return model;
    }

    private static void RequireHeadWidth(NetworkHead head, int width)
    {
        switch (head)
        {
            case BinaryHead:
                RequireWidth(width, 1, "binary");
                break;
            case MulticlassHead multiclass:
                RequireWidth(width, multiclass.ClassCount, "multiclass");
                break;
            case RegressionHead:
                RequireWidth(width, 1, "regression");
                break;
            default:
                throw new NotSupportedException($"Head type '{head.GetType().Name}' has no ONNX export.");
        }
    }

    private static void WriteHead(OnnxGraphBuilder g, NetworkHead head, string x, int width, OnnxOutputNames names)
    {
        switch (head)
        {
            case BinaryHead:
                RequireWidth(width, 1, "binary");
                g.NodeTo("Identity", [x], names.Score);
                g.NodeTo("Sigmoid", [x], names.Probability);
                g.Graph.Output.Add(BatchTensor(names.Score, DataType.Float, 1));
                g.Graph.Output.Add(BatchTensor(names.Probability, DataType.Float, 1));
                break;
            case MulticlassHead multiclass:
                RequireWidth(width, multiclass.ClassCount, "multiclass");
                g.NodeTo("ArgMax", [x], names.ClassIndex, IntAttribute("axis", 1), IntAttribute("keepdims", 1));
                if (names.SingleRow)
                {
                    string softmax = g.Node("Softmax", [x], IntAttribute("axis", -1));
                    g.NodeTo("Reshape", [softmax, g.Int64Constant("flat_shape", [-1], 1)], names.Probability);
                    g.Graph.Output.Add(Tensor(names.Probability, DataType.Float, multiclass.ClassCount));
                }
                else
                {
                    g.NodeTo("Softmax", [x], names.Probability, IntAttribute("axis", -1));
                    g.Graph.Output.Add(BatchTensor(names.Probability, DataType.Float, multiclass.ClassCount));
                }

                g.Graph.Output.Add(BatchTensor(names.ClassIndex, DataType.Int64, 1));
                break;
            case RegressionHead regression:
                RequireWidth(width, 1, "regression");
                string scaled = g.Node("Mul", [x, g.Scalar("label_scale", regression.LabelScale)]);
                g.NodeTo("Add", [scaled, g.Scalar("label_offset", regression.LabelOffset)], names.Score);
                g.Graph.Output.Add(BatchTensor(names.Score, DataType.Float, 1));
                break;
            default:
                throw new NotSupportedException($"Head type '{head.GetType().Name}' has no ONNX export.");
        }
    }

    private static void RequireWidth(int width, int expected, string task)
    {
        if (width != expected)
        {
            throw new InvalidOperationException($"The {task} head needs {expected} network output(s), but the last layer gives {width}.");
        }
    }
}
