using System;
using Microsoft.ML;
using Microsoft.ML.Transforms.Onnx;

namespace MLNetDeep.Scoring
{
    /// <summary>
    /// The ONNX Runtime threads a DeepMlp network's session runs with: one intra-op and one inter-op thread, unless the
    /// context carries the user's own <see cref="OnnxSessionOptions"/>. ML.NET's <c>OnnxTransformer</c> runs one row per
    /// <c>Run</c>; on the README's serving benchmark one thread gave 1.4-1.9x the bulk throughput of ONNX Runtime's
    /// default and about the same single-row latency. ML.NET does not save thread counts in a zip, so they are applied
    /// when the session is created: by the scoring chain after a fit and by <c>MLNetDeepScoring.LoadModel</c>.
    /// </summary>
    internal static class SessionThreads
    {
        /// <summary>Intra-op threads of a DeepMlp session when the context leaves the choice to MLNetDeep.</summary>
        public const int IntraOp = 1;

        /// <summary>Inter-op threads of a DeepMlp session when the context leaves the choice to MLNetDeep.</summary>
        public const int InterOp = 1;

        /// <summary>Whether the context carries session options set by its owner (then they are used unchanged).</summary>
        /// <param name="mlContext">The context that builds or loads the ONNX transform.</param>
        public static bool UserChose(MLContext mlContext) => mlContext.GetOnnxSessionOption() is not null;

        /// <summary>
        /// Runs <paramref name="load"/> with the context's session options set to <see cref="IntraOp"/> and
        /// <see cref="InterOp"/> threads when its owner set none, and puts the context back as it was afterwards.
        /// The caller holds the context's load lock; another thread creating an ONNX session through the same context
        /// meanwhile would get the same single-threaded session.
        /// </summary>
        /// <param name="mlContext">The context that loads the model.</param>
        /// <param name="load">The load.</param>
        public static T Apply<T>(MLContext mlContext, Func<T> load)
        {
            if (UserChose(mlContext))
                return load();
            var ours = new OnnxSessionOptions { IntraOpNumThreads = IntraOp, InterOpNumThreads = InterOp };
            mlContext.SetOnnxSessionOption(ours);
            try
            {
                return load();
            }
            finally
            {
                // Only our own options are taken back: options the owner set meanwhile stay.
                if (ReferenceEquals(mlContext.GetOnnxSessionOption(), ours))
                    mlContext.SetOnnxSessionOption(null!);
            }
        }
    }
}
