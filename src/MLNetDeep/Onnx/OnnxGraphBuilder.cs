using MLNetDeep.Scoring;
using Google.Protobuf;
using Onnx;

namespace MLNetDeep.Onnx;

/// <summary>Small helpers over the ONNX protobuf classes: unique names, float initializers, nodes, tensor types.</summary>
internal sealed class OnnxGraphBuilder
{
    private readonly string _namespace;
    private readonly bool _pipelineOperators;
    private int _counter;

    /// <param name="valueNamespace">Put before every generated name, so that the graph can join another one without clashes.</param>
    /// <param name="pipelineOperators">Whether <see cref="OnnxOperatorSet.PipelineOnly"/> operators may be written (a whole-pipeline export, never a saved model).</param>
    public OnnxGraphBuilder(string valueNamespace = "", bool pipelineOperators = false)
    {
        _namespace = valueNamespace;
        _pipelineOperators = pipelineOperators;
    }

    public GraphProto Graph { get; } = new() { Name = "MLNetDeep" };

    /// <summary>A fresh value name with a readable prefix.</summary>
    public string NewName(string prefix) => $"{_namespace}{prefix}_{_counter++}";

    /// <summary>Adds a float initializer of the given shape (no dims for a scalar) and returns its name.</summary>
    public string Constant(string prefix, float[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = NewName(prefix), DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX export needs a little-endian machine.");
        }

        tensor.RawData = ByteString.CopyFrom(bytes);
        Graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>Adds an int64 initializer (for shapes) and returns its name.</summary>
    public string Int64Constant(string prefix, long[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = NewName(prefix), DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.AddRange(dims);
        tensor.Int64Data.AddRange(values);
        Graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>Adds a string initializer of shape [values.Count] and returns its name.</summary>
    public string StringConstant(string prefix, IReadOnlyList<string> values)
    {
        var tensor = new TensorProto { Name = NewName(prefix), DataType = (int)TensorProto.Types.DataType.String };
        tensor.Dims.Add(values.Count);
        tensor.StringData.AddRange(values.Select(ByteString.CopyFromUtf8));
        Graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>Adds a scalar float initializer.</summary>
    public string Scalar(string prefix, float value) => Constant(prefix, [value]);

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    public string Node(string opType, string[] inputs, params AttributeProto[] attributes) =>
        NodeTo(opType, inputs, NewName(opType.ToLowerInvariant()), attributes);

    /// <summary>Adds a node writing to <paramref name="output"/> and returns it.</summary>
    /// <exception cref="InvalidOperationException">The operator is not in <see cref="OnnxOperatorSet"/>, the list
    /// MLNetDeepScoring.LoadModel accepts: add it there in the same change.</exception>
    public string NodeTo(string opType, string[] inputs, string output, params AttributeProto[] attributes)
    {
        if (!OnnxOperatorSet.Contains(opType) && !(_pipelineOperators && OnnxOperatorSet.PipelineOnly.Contains(opType)))
            throw new InvalidOperationException($"The ONNX operator '{opType}' is not in OnnxOperatorSet: add it there, or LoadModel will refuse the models that use it.");
        var node = new NodeProto { OpType = opType, Name = NewName("node_" + opType) };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return output;
    }

    /// <summary>The element-wise mean of <paramref name="values"/> (the value itself when there is one).</summary>
    public string Mean(IReadOnlyList<string> values) => values.Count == 1 ? values[0] : Node("Mean", [.. values]);

    /// <summary>log Σᵢ exp(vᵢ) over values of shape [batch, 1]; the result is [batch, 1].</summary>
    public string LogSumExp(IReadOnlyList<string> values)
    {
        string stacked = Node("Concat", [.. values], IntAttribute("axis", 1));
        var axes = new AttributeProto { Name = "axes", Type = AttributeProto.Types.AttributeType.Ints };
        axes.Ints.Add(1);
        return Node("ReduceLogSumExp", [stacked], axes, IntAttribute("keepdims", 1));
    }

    public static AttributeProto FloatAttribute(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto IntAttribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>A tensor value description of shape [batch, <paramref name="width"/>].</summary>
    public static ValueInfoProto BatchTensor(string name, TensorProto.Types.DataType elementType, long width)
    {
        ValueInfoProto value = Tensor(name, elementType, width);
        value.Type.TensorType.Shape.Dim.Insert(0, new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        return value;
    }

    /// <summary>A tensor value description of shape [<paramref name="width"/>].</summary>
    public static ValueInfoProto Tensor(string name, TensorProto.Types.DataType elementType, long width)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = width });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)elementType, Shape = shape } },
        };
    }
}
