using System;
using System.Collections.Generic;

namespace MLNetDeep.Scoring
{
    /// <summary>
    /// The ONNX operators MLNetDeep's exporter writes (default domain, opset 17; Greater, ReduceMean and Sqrt only in the
    /// opset-12 network of a whole-pipeline export, which is never part of a saved model zip; IsNaN, Where, Gather, Cast
    /// and Concat for the missing-value imputation). The exporter owns this list: its graph
    /// builder refuses to add any other operator, and <c>MLNetDeepScoring.LoadModel</c> refuses a model that uses one.
    /// Add an operator here in the same change that makes the exporter write it. Log: the binary cross-validation
    /// ensemble's score, the logit of its averaged probability.
    /// </summary>
    internal static class OnnxOperatorSet
    {
        private static readonly HashSet<string> Names = new HashSet<string>(StringComparer.Ordinal)
        {
            "Add", "ArgMax", "BatchNormalization", "Cast", "Concat", "Div", "Elu", "Erf", "Gather", "Gemm", "Greater", "Identity",
            "IsNaN", "LayerNormalization", "LeakyRelu", "Log", "Mean", "Mul", "Neg", "ReduceLogSumExp", "ReduceMean", "Relu",
            "Reshape", "Sigmoid", "Softmax", "Softplus", "Sqrt", "Sub", "Tanh", "Where",
        };

        public static IReadOnlyCollection<string> All => Names;

        public static bool Contains(string opType) => Names.Contains(opType);
    }
}
