using MLNetDeep.Embeddings;
using Onnx;
using static MLNetDeep.Onnx.OnnxGraphBuilder;
using DataType = Onnx.TensorProto.Types.DataType;

namespace MLNetDeep.Onnx;

/// <summary>
/// Writes an input embedding (<see cref="EmbeddingSnapshot"/>) as ONNX nodes, computing what <see cref="FeatureEmbedding"/>
/// computes in evaluation mode: the numeric inputs gathered and standardized, then encoded; each key value clipped to
/// [0, keys + 1], cast to an index and looked up in its table, whose extra last row repeats the unknown key's row 0.
/// </summary>
internal static class EmbeddingWriter
{
    /// <summary>Appends the embedding of <paramref name="input"/> (float [batch, InputSize]); returns the value [batch, OutputWidth].</summary>
    public static string Write(OnnxGraphBuilder g, EmbeddingSnapshot embedding, string input)
    {
        EmbeddingPlan plan = embedding.Plan;
        var parts = new List<string>();
        if (plan.NumericCount > 0)
            parts.Add(Numeric(g, embedding, input));
        for (int j = 0; j < plan.CategoricalCount; j++)
        {
            int keys = plan.Cardinalities[j], width = plan.Dimensions[j];
            string column = g.Node("Gather", [input, g.Int64Constant("key_slot", [plan.CategoricalStart + j])], IntAttribute("axis", 1));
            string clipped = g.Node("Clip", [column, g.Scalar("key_min", 0f), g.Scalar("key_max", keys + 1)]);
            string index = g.Node("Cast", [clipped], IntAttribute("to", (long)DataType.Int64));
            float[] table = embedding.Tables[j];
            float[] extended = [.. table, .. table.AsSpan(0, width)];
            parts.Add(g.Node("Reshape", [
                g.Node("Gather", [g.Constant("key_table", extended, keys + 2, width), index], IntAttribute("axis", 0)),
                g.Int64Constant("key_shape", [-1, width], 2)]));
        }
        return parts.Count == 1 ? parts[0] : g.Node("Concat", [.. parts], IntAttribute("axis", 1));
    }

    private static string Numeric(OnnxGraphBuilder g, EmbeddingSnapshot embedding, string input)
    {
        EmbeddingPlan plan = embedding.Plan;
        int[] slots = [.. plan.NumericSlots];
        int n = slots.Length;
        string x = plan.CategoricalCount == 0
            ? input
            : g.Node("Gather", [input, g.Int64Constant("numeric_slots", [.. slots.Select(s => (long)s)], n)], IntAttribute("axis", 1));
        x = g.Node("Sub", [x, g.Constant("numeric_mean", [.. slots.Select(s => plan.Mean[s])], n)]);
        x = g.Node("Div", [x, g.Constant("numeric_scale", [.. slots.Select(s => plan.Scale[s])], n)]);
        switch (plan.Numerical)
        {
            case NumericalEmbedding.PiecewiseLinear:
            {
                string column = g.Node("Reshape", [x, g.Int64Constant("by_input", [0, n, 1], 3)]);
                string shifted = g.Node("Sub", [column, g.Constant("bin_left", plan.BinLeft, n, plan.Bins)]);
                string share = g.Node("Div", [shifted, g.Constant("bin_width", plan.BinWidth, n, plan.Bins)]);
                string clipped = g.Node("Clip", [share, g.Scalar("bin_min", 0f), g.Scalar("bin_max", 1f)]);
                return g.Node("Reshape", [clipped, g.Int64Constant("encoded_shape", [0, plan.NumericWidth], 2)]);
            }
            case NumericalEmbedding.Periodic:
            {
                int k = plan.Frequencies, d = plan.Dimension;
                string column = g.Node("Reshape", [x, g.Int64Constant("by_input", [0, n, 1], 3)]);
                string angles = g.Node("Mul", [g.Node("Mul", [column, g.Constant("frequencies", embedding.Frequencies!, n, k)]), g.Scalar("two_pi", (float)(2 * Math.PI))]);
                string features = g.Node("Concat", [g.Node("Sin", [angles]), g.Node("Cos", [angles])], IntAttribute("axis", 2));
                string byInput = g.Node("Transpose", [features], Permutation());
                string mapped = g.Node("Add", [
                    g.Node("MatMul", [byInput, g.Constant("periodic_weight", embedding.PeriodicWeight!, n, 2 * k, d)]),
                    g.Constant("periodic_bias", embedding.PeriodicBias!, n, 1, d)]);
                string back = g.Node("Transpose", [g.Node("Relu", [mapped])], Permutation());
                return g.Node("Reshape", [back, g.Int64Constant("encoded_shape", [0, plan.NumericWidth], 2)]);
            }
            default:
                return x;
        }
    }

    private static AttributeProto Permutation()
    {
        var perm = new AttributeProto { Name = "perm", Type = AttributeProto.Types.AttributeType.Ints };
        perm.Ints.Add([1, 0, 2]);
        return perm;
    }
}
