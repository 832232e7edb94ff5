using System.Collections.Generic;
using System.Reflection;
using Microsoft.ML;

namespace MLNetDeep.Scoring
{
    /// <summary>
    /// Facts and one optional helper for apps that load and score models trained with MLNetDeep.
    /// </summary>
    /// <remarks>
    /// A consuming app references this package (MLNetDeep.Scoring), <c>Microsoft.ML</c>,
    /// <c>Microsoft.ML.OnnxTransformer</c> and a native ONNX Runtime package (<c>Microsoft.ML.OnnxRuntime</c>, or a GPU
    /// variant), but not MLNetDeep itself nor TorchSharp. It loads a saved model with plain
    /// <c>mlContext.Model.Load(path, out var schema)</c>: ML.NET finds the head adapters in this assembly by name.
    /// </remarks>
    public static class MLNetDeepScoring
    {
        /// <summary>The contract names of the head adapters that saved models refer to.</summary>
        public static IReadOnlyList<string> ContractNames { get; } = new[]
        {
            BinaryHeadMapping.ContractName,
            MulticlassHeadMapping.ContractName,
            RegressionHeadMapping.ContractName,
            ProbabilityBlockMapping.ContractName,
        };

        /// <summary>This assembly, which holds the head adapters. Its version stays 1.0.0.0 so that saved models keep loading.</summary>
        public static Assembly AdaptersAssembly => typeof(BinaryHeadMapping).Assembly;

        /// <summary>
        /// Registers the head adapters with <paramref name="mlContext"/>. Not needed when the app references this
        /// assembly normally; use it when the assembly is loaded in an unusual way (for example into a plugin load context).
        /// </summary>
        /// <param name="mlContext">The context that will load the model.</param>
        public static void RegisterAdapters(MLContext mlContext)
        {
            if (mlContext is null) throw new System.ArgumentNullException(nameof(mlContext));
            mlContext.ComponentCatalog.RegisterAssembly(AdaptersAssembly);
        }
    }
}
