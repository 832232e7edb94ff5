using MLNetDeep.Snapshots;
using static MLNetDeep.Onnx.OnnxGraphBuilder;

namespace MLNetDeep.Onnx;

/// <summary>Writes the body layers of a <see cref="NetworkSnapshot"/> as ONNX nodes (opset 17).</summary>
internal static class OnnxLayerWriter
{
    /// <summary>Appends <paramref name="layers"/> after the value <paramref name="input"/> of width <paramref name="width"/>; returns the last value and its width.</summary>
    public static (string Output, int Width) WriteLayers(OnnxGraphBuilder g, IReadOnlyList<SnapshotLayer> layers, string input, int width)
    {
        string x = input;
        foreach (SnapshotLayer layer in layers)
        {
            (x, width) = WriteLayer(g, layer, x, width);
        }

        return (x, width);
    }

    private static (string Output, int Width) WriteLayer(OnnxGraphBuilder g, SnapshotLayer layer, string x, int width)
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
            case LayerNormLayer ln:
                return (g.Node(
                    "LayerNormalization",
                    [x, g.Constant("ln_scale", ln.Scale, width), g.Constant("ln_shift", ln.Shift, width)],
                    IntAttribute("axis", -1),
                    FloatAttribute("epsilon", ln.Epsilon)), width);
            case ResidualLayer residual:
                (string body, int bodyWidth) = WriteLayers(g, residual.Body, x, width);
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
}
