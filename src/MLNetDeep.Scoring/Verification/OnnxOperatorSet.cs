using System;
using System.Collections.Generic;

namespace MLNetDeep.Scoring
{
    /// <summary>
    /// The ONNX operators MLNetDeep's exporter writes (default domain, opset 17). The exporter owns this list: its graph
    /// builder refuses to add any other operator, and <c>MLNetDeepScoring.LoadModel</c> refuses a model that uses one.
    /// Add an operator here in the same change that makes the exporter write it. Log: the binary cross-validation
    /// ensemble's score, the logit of its averaged probability.
    /// </summary>
    internal static class OnnxOperatorSet
    {
        private static readonly HashSet<string> Names = new HashSet<string>(StringComparer.Ordinal)
        {
            "Add", "ArgMax", "BatchNormalization", "Cast", "Concat", "Div", "Elu", "Erf", "Gather", "Gemm", "Identity", "IsNaN",
            "LayerNormalization", "LeakyRelu", "Log", "Mean", "Mul", "Neg", "ReduceLogSumExp", "Relu", "Reshape", "Sigmoid",
            "Softmax", "Softplus", "Sub", "Tanh", "Where",
        };

        public static IReadOnlyCollection<string> All => Names;

        public static bool Contains(string opType) => Names.Contains(opType);
    }
}
