using System;
using System.Collections.Generic;
using System.IO;
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
    /// variant), but not MLNetDeep itself nor TorchSharp. It loads a saved model with
    /// <see cref="LoadModel(MLContext, string, out DataViewSchema, LoadModelOptions?)"/> (recommended: it checks the zip before
    /// ML.NET reads it, and disposing a <c>PredictionEngine</c>
    /// never breaks the model) or with plain <c>mlContext.Model.Load(path, out var schema)</c>; either way ML.NET finds the
    /// head adapters in this assembly by name.
    /// </remarks>
    public static partial class MLNetDeepScoring
    {
        /// <summary>The contract names of the head adapters that saved models refer to.</summary>
        public static IReadOnlyList<string> ContractNames { get; } = new[]
        {
            BinaryHeadMapping.ContractName,
            MulticlassHeadMapping.ContractName,
            RegressionHeadMapping.ContractName,
            ProbabilityBlockMapping.ContractName,
        };

        /// <summary>The ONNX metadata key under which MLNetDeep saves a model's run record (see <see cref="ReadRunRecords(string)"/>).</summary>
        public const string RunRecordMetadataKey = "mlnetdeep.run_record";

        /// <summary>This assembly, which holds the head adapters. Its version stays 1.0.0.0 so that saved models keep loading.</summary>
        public static Assembly AdaptersAssembly => typeof(BinaryHeadMapping).Assembly;

        /// <summary>
        /// The run records saved in a model zip, one per DeepMlp part in pipeline order (usually one): JSON objects that
        /// MLNetDeep's <c>RunRecord.Parse</c> reads, with the options, seed, device, data fingerprint, library versions,
        /// history and results of the fit that made the part. Empty for a zip saved before records existed.
        /// </summary>
        /// <param name="path">The zip file.</param>
        /// <exception cref="InvalidDataException">The file is not a zip, or its ONNX entry is damaged.</exception>
        public static IReadOnlyList<string> ReadRunRecords(string path)
        {
            if (string.IsNullOrEmpty(path)) throw new ArgumentException("Give the path of a saved model (.zip).", nameof(path));
            using var stream = File.OpenRead(path);
            return RunRecordReader.Read(stream);
        }

        /// <summary>The run records of a zip in a stream; see <see cref="ReadRunRecords(string)"/>.</summary>
        /// <param name="stream">A readable, seekable stream holding the zip; it is left open.</param>
        public static IReadOnlyList<string> ReadRunRecords(Stream stream)
        {
            if (stream is null) throw new ArgumentNullException(nameof(stream));
            return RunRecordReader.Read(stream);
        }

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
