using Onnx;

namespace MLNetDeep.Models;

/// <summary>
/// Reads one ensemble member's layers from its ONNX nodes, in the order <see cref="MLNetDeep.Onnx.OnnxLayerWriter"/>
/// writes them: per hidden layer a Gemm, then BatchNormalization or LayerNormalization, the activation's nodes, and an
/// Add of the block's input for a residual block; the last Gemm is the output layer.
/// </summary>
internal static class OnnxMemberReader
{
    /// <param name="nodes">The member's nodes, from the Gemm reading the graph input to the output Gemm.</param>
    /// <param name="initializers">The graph's initializers by name (weights, biases, normalization parameters).</param>
    /// <param name="recordedOptions">The run record's options (for the dropout rates), or null.</param>
    /// <param name="entry">The zip entry, for messages.</param>
    public static List<LayerSummary> Layers(
        IReadOnlyList<NodeProto> nodes, IReadOnlyDictionary<string, TensorProto> initializers, IReadOnlyDictionary<string, string>? recordedOptions, string entry)
    {
        var hidden = new List<(int Inputs, int Outputs, Activation Activation, Normalization Normalization, bool Residual, long Parameters)>();
        int i = 0;
        while (true)
        {
            NodeProto gemm = nodes[i++];
            if (gemm.OpType != "Gemm" || gemm.Input.Count != 3)
                throw Unexpected(entry, gemm, "a Gemm node (a linear layer)");
            TensorProto weight = Initializer(initializers, gemm.Input[1], entry);
            if (weight.Dims.Count != 2)
                throw Unexpected(entry, gemm, "a Gemm node with a two-dimensional weight initializer");
            int outputs = (int)weight.Dims[0], inputs = (int)weight.Dims[1];
            long parameters = Count(weight) + Count(Initializer(initializers, gemm.Input[2], entry));
            if (i == nodes.Count)
            {
                IReadOnlyList<double>? dropout = ModelSummaryBuilder.DropoutRates(recordedOptions, hidden.Count);
                return
                [
                    .. hidden.Select((h, k) => new LayerSummary(
                        LayerSummary.HiddenName(k), h.Inputs, h.Outputs, h.Activation, h.Normalization, dropout?[k], h.Residual, h.Parameters)),
                    LayerSummary.Output(inputs, outputs, parameters),
                ];
            }

            var normalization = Normalization.None;
            if (nodes[i].OpType is "BatchNormalization" or "LayerNormalization")
            {
                normalization = nodes[i].OpType == "BatchNormalization" ? Normalization.BatchNorm : Normalization.LayerNorm;
                parameters += Count(Initializer(initializers, nodes[i].Input[1], entry)) + Count(Initializer(initializers, nodes[i].Input[2], entry));
                i++;
            }

            int end = i;
            while (end < nodes.Count && nodes[end].OpType != "Gemm" && !IsResidualAdd(nodes[end], initializers))
                end++;
            string ops = string.Join(' ', nodes.Skip(i).Take(end - i).Select(n => n.OpType));
            Activation activation = ops switch
            {
                "Relu" => Activation.ReLU,
                "LeakyRelu" => Activation.LeakyReLU,
                "Elu" => Activation.ELU,
                "Tanh" => Activation.Tanh,
                "Sigmoid" => Activation.Sigmoid,
                "Sigmoid Mul" => Activation.SiLU,
                "Div Erf Add Mul Mul" => Activation.GELU,
                _ => throw Unexpected(entry, gemm, $"an activation after it, but the nodes that follow are [{ops}]"),
            };
            bool residual = end < nodes.Count && IsResidualAdd(nodes[end], initializers);
            i = residual ? end + 1 : end;
            if (i == nodes.Count)
                throw new InvalidDataException($"An ensemble member in the ONNX graph in {entry} does not end with its output Gemm node.");
            hidden.Add((inputs, outputs, activation, normalization, residual, parameters));
        }
    }

    /// <summary>A residual block's Add: both inputs are computed values (the activations' Add has a constant input).</summary>
    private static bool IsResidualAdd(NodeProto node, IReadOnlyDictionary<string, TensorProto> initializers) =>
        node.OpType == "Add" && node.Input.All(input => !initializers.ContainsKey(input));

    private static TensorProto Initializer(IReadOnlyDictionary<string, TensorProto> initializers, string name, string entry) =>
        initializers.TryGetValue(name, out TensorProto? tensor) ? tensor
            : throw new InvalidDataException($"The ONNX graph in {entry} has no initializer '{name}': it is not a graph MLNetDeep writes.");

    private static long Count(TensorProto tensor) => tensor.Dims.Aggregate(1L, (product, dim) => product * dim);

    private static InvalidDataException Unexpected(string entry, NodeProto node, string expected) =>
        new($"The ONNX graph in {entry} is not one MLNetDeep writes: expected {expected} at node '{node.Name}' ({node.OpType}).");
}
