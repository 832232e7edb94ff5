using MLNetDeep.Snapshots;
using Onnx;
using static MLNetDeep.Onnx.OnnxGraphBuilder;

namespace MLNetDeep.Onnx;

/// <summary>Writes the body layers of a <see cref="NetworkSnapshot"/> as ONNX nodes (opset 17, or 12 with LayerNormalization decomposed).</summary>
internal static class OnnxLayerWriter
{
    /// <summary>The first opset with a LayerNormalization operator; below it the layer is written from basic operators.</summary>
    public const int LayerNormalizationOpset = 17;

    /// <summary>
    /// Appends <paramref name="layers"/> after the value <paramref name="input"/> of width <paramref name="width"/>,
    /// with operators valid at <paramref name="opset"/> (12 to 17); returns the last value and its width.
    /// </summary>
    public static (string Output, int Width) WriteLayers(OnnxGraphBuilder g, IReadOnlyList<SnapshotLayer> layers, string input, int width, int opset)
    {
        string x = input;
        foreach (SnapshotLayer layer in layers)
        {
            (x, width) = WriteLayer(g, layer, x, width, opset);
        }

        return (x, width);
    }

    private static (string Output, int Width) WriteLayer(OnnxGraphBuilder g, SnapshotLayer layer, string x, int width, int opset)
    {
        switch (layer)
        {
            case DenseLayer dense:
                if (dense.Inputs != width)
                {
                    throw new InvalidOperationException($"Dense layer expects {dense.Inputs} inputs, but the previous layer gives {width}.");
                }

                string w = g.Constant("dense_weight", dense.Weight, dense.Outputs, dense.Inputs);
                string b = g.Constant("dense_bias", dense.Bias, dense.Outputs);
                return (g.Node("Gemm", [x, w, b], IntAttribute("transB", 1)), dense.Outputs);
            case ActivationLayer activation:
                return (WriteActivation(g, activation, x), width);
            case BatchNormLayer bn:
                return (g.Node(
                    "BatchNormalization",
                    [x, g.Constant("bn_scale", bn.Scale, width), g.Constant("bn_shift", bn.Shift, width),
                     g.Constant("bn_mean", bn.Mean, width), g.Constant("bn_var", bn.Variance, width)],
                    FloatAttribute("epsilon", bn.Epsilon)), width);
            case LayerNormLayer ln when opset < LayerNormalizationOpset:
                return (WriteLayerNormFromBasicOperators(g, ln, x, width), width);
            case LayerNormLayer ln:
                return (g.Node(
                    "LayerNormalization",
                    [x, g.Constant("ln_scale", ln.Scale, width), g.Constant("ln_shift", ln.Shift, width)],
                    IntAttribute("axis", -1),
                    FloatAttribute("epsilon", ln.Epsilon)), width);
            case ResidualLayer residual:
                (string body, int bodyWidth) = WriteLayers(g, residual.Body, x, width, opset);
                if (bodyWidth != width)
                {
                    throw new InvalidOperationException($"Residual body changes the width from {width} to {bodyWidth}.");
                }

                return (g.Node("Add", [x, body]), width);
            default:
                throw new NotSupportedException($"Layer type '{layer.GetType().Name}' has no ONNX export.");
        }
    }

    private static string WriteActivation(OnnxGraphBuilder g, ActivationLayer activation, string x) => activation.Kind switch
    {
        Activation.ReLU => g.Node("Relu", [x]),
        Activation.LeakyReLU => g.Node("LeakyRelu", [x], FloatAttribute("alpha", activation.Parameter)),
        Activation.ELU => g.Node("Elu", [x], FloatAttribute("alpha", activation.Parameter)),
        Activation.Tanh => g.Node("Tanh", [x]),
        Activation.Sigmoid => g.Node("Sigmoid", [x]),
        Activation.SiLU => g.Node("Mul", [x, g.Node("Sigmoid", [x])]),
        Activation.GELU => WriteExactGelu(g, x),
        _ => throw new NotSupportedException($"Activation '{activation.Kind}' has no ONNX export."),
    };

    /// <summary>0.5·x·(1 + erf(x/√2)) from basic operators, so it runs on opsets without a Gelu operator.</summary>
    private static string WriteExactGelu(OnnxGraphBuilder g, string x)
    {
        string scaled = g.Node("Div", [x, g.Scalar("sqrt2", MathF.Sqrt(2f))]);
        string onePlusErf = g.Node("Add", [g.Node("Erf", [scaled]), g.Scalar("one", 1f)]);
        return g.Node("Mul", [g.Node("Mul", [x, onePlusErf]), g.Scalar("half", 0.5f)]);
    }

    /// <summary>
    /// (x − mean) / √(var + ε) · scale + shift over the last axis, with the biased variance, as LayerNormalization
    /// computes it; ReduceMean takes its axes as an attribute up to opset 17.
    /// </summary>
    private static string WriteLayerNormFromBasicOperators(OnnxGraphBuilder g, LayerNormLayer ln, string x, int width)
    {
        var axes = new AttributeProto { Name = "axes", Type = AttributeProto.Types.AttributeType.Ints };
        axes.Ints.Add(-1);
        string centered = g.Node("Sub", [x, g.Node("ReduceMean", [x], axes, IntAttribute("keepdims", 1))]);
        string variance = g.Node("ReduceMean", [g.Node("Mul", [centered, centered])], axes.Clone(), IntAttribute("keepdims", 1));
        string deviation = g.Node("Sqrt", [g.Node("Add", [variance, g.Scalar("ln_epsilon", ln.Epsilon)])]);
        string normalized = g.Node("Div", [centered, deviation]);
        return g.Node("Add", [g.Node("Mul", [normalized, g.Constant("ln_scale", ln.Scale, width)]), g.Constant("ln_shift", ln.Shift, width)]);
    }
}
