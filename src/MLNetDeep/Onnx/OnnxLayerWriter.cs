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
            case EnsembleDenseLayer ensemble:
                return (WriteEnsembleDense(g, ensemble, x, width), ensemble.Outputs);
            case MemberDenseLayer heads:
                return (WriteMemberDense(g, heads, x, width), heads.Outputs);
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

    /// <summary>
    /// ((x ⊙ r)·Wᵀ) ⊙ s + b on [batch, members or 1, inputs]: Mul by r [members, inputs] (which spreads a shared input to
    /// the members), MatMul by Wᵀ [inputs, outputs], Mul by s [members, outputs], Add b ([members, outputs] or [outputs]).
    /// </summary>
    private static string WriteEnsembleDense(OnnxGraphBuilder g, EnsembleDenseLayer layer, string x, int width)
    {
        if (layer.Inputs != width)
            throw new InvalidOperationException($"Ensemble layer expects {layer.Inputs} inputs, but the previous layer gives {width}.");
        if (layer.InputScale is { } r)
            x = g.Node("Mul", [x, g.Constant("ensemble_input_scale", r, layer.Members, layer.Inputs)]);
        string y = g.Node("MatMul", [x, g.Constant("ensemble_weight", Transposed(layer.Weight, layer.Outputs, layer.Inputs), layer.Inputs, layer.Outputs)]);
        if (layer.OutputScale is { } s)
            y = g.Node("Mul", [y, g.Constant("ensemble_output_scale", s, layer.Members, layer.Outputs)]);
        string bias = layer.Bias.Length == layer.Outputs
            ? g.Constant("ensemble_bias", layer.Bias, layer.Outputs)
            : g.Constant("ensemble_bias", layer.Bias, layer.Members, layer.Outputs);
        return g.Node("Add", [y, bias]);
    }

    /// <summary>
    /// The members' output layers on [batch, members, inputs]: Transpose to [members, batch, inputs], MatMul by each
    /// member's Wᵢᵀ [members, inputs, outputs], Add bᵢ [members, 1, outputs]; the result is [members, batch, outputs].
    /// </summary>
    private static string WriteMemberDense(OnnxGraphBuilder g, MemberDenseLayer layer, string x, int width)
    {
        if (layer.Inputs != width)
            throw new InvalidOperationException($"Member output layer expects {layer.Inputs} inputs, but the previous layer gives {width}.");
        var perm = new AttributeProto { Name = "perm", Type = AttributeProto.Types.AttributeType.Ints };
        perm.Ints.Add([1, 0, 2]);
        string byMember = g.Node("Transpose", [x], perm);
        var weights = new float[layer.Weight.Length];
        int block = layer.Outputs * layer.Inputs;
        for (int m = 0; m < layer.Members; m++)
            Array.Copy(Transposed(layer.Weight[(m * block)..((m + 1) * block)], layer.Outputs, layer.Inputs), 0, weights, m * block, block);
        string y = g.Node("MatMul", [byMember, g.Constant("member_weight", weights, layer.Members, layer.Inputs, layer.Outputs)]);
        return g.Node("Add", [y, g.Constant("member_bias", layer.Bias, layer.Members, 1, layer.Outputs)]);
    }

    /// <summary>A row-major [rows, columns] matrix as [columns, rows].</summary>
    private static float[] Transposed(float[] matrix, int rows, int columns)
    {
        var result = new float[matrix.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
                result[(c * rows) + r] = matrix[(r * columns) + c];
        }
        return result;
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
