using System;
using System.Collections.Generic;

namespace MLNetDeep.Scoring
{
    /// <summary>
    /// The ONNX operators MLNetDeep's exporter writes into saved models (default domain, opset 17; IsNaN, Where, Gather,
    /// Cast and Concat for the missing-value imputation; Reshape, MatMul, Transpose and Gather for TabM's members; Sin, Cos and Clip for the input embeddings), and <see cref="PipelineOnly"/>, written only into the opset-12
    /// network of a whole-pipeline export, which is never part of a saved model zip. The exporter owns these lists: its graph
    /// builder refuses to add any other operator, and <c>MLNetDeepScoring.LoadModel</c> refuses a model that uses one.
    /// Add an operator here in the same change that makes the exporter write it. Log and Clip: the binary
    /// cross-validation ensemble's score, the logit of its averaged probability.
    /// </summary>
    internal static class OnnxOperatorSet
    {
        private static readonly HashSet<string> Names = new HashSet<string>(StringComparer.Ordinal)
        {
            "Add", "ArgMax", "BatchNormalization", "Cast", "Clip", "Concat", "Div", "Elu", "Erf", "Gather", "Gemm", "Identity", "IsNaN",
            "LayerNormalization", "LeakyRelu", "Log", "MatMul", "Mean", "Mul", "Neg", "ReduceLogSumExp", "Relu", "Reshape", "Sigmoid", "Sin", "Cos",
            "Softmax", "Softplus", "Sub", "Tanh", "Transpose", "Where",
        };

        /// <summary>Greater (the binary predicted label), ReduceMean and Sqrt (layer norm below opset 17): whole-pipeline exports only; <c>LoadModel</c> refuses them.</summary>
        private static readonly HashSet<string> PipelineOnlyNames = new HashSet<string>(StringComparer.Ordinal) { "Greater", "ReduceMean", "Sqrt" };

        public static IReadOnlyCollection<string> All => Names;

        public static bool Contains(string opType) => Names.Contains(opType);

        /// <summary>The operators a whole-pipeline export may write besides <see cref="All"/>.</summary>
        public static IReadOnlyCollection<string> PipelineOnly => PipelineOnlyNames;
    }
}
