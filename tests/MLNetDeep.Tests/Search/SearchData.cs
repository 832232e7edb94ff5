using Microsoft.ML;
using MLNetDeep.Tests.TestOnce;

namespace MLNetDeep.Tests.Search;

/// <summary>Tiny workflows and pipelines for the search tests: 300 rows of <see cref="SplitData"/>, small networks.</summary>
internal static class SearchData
{
    public static BinaryTestOnceWorkflow Binary(MLContext ml, int seed = 7) =>
        ml.BinaryClassification.CreateTestOnceWorkflow(ml.Data.Cache(ml.Data.LoadFromEnumerable(SplitData.Rows(300, seed: 1))),
            new TestOnceOptions { Seed = seed, FeatureColumnName = null });

    /// <summary>Concatenate(A, B, C) then a binary DeepMlp built from the trial's options.</summary>
    public static IEstimator<ITransformer> BinaryPipeline(MLContext ml, SearchTrialSetup<DeepMlpBinaryTrainer.Options> setup) =>
        new DeepMlpEstimatorChain<ITransformer>()
            .Append(ml.Transforms.Concatenate("Features", "A", "B", "C"))
            .Append(ml.BinaryClassification.Trainers.DeepMlp(setup.Options));

    /// <summary>Small base options: one hidden layer of 8, 6 epochs, batch 32.</summary>
    public static DeepMlpBinaryTrainer.Options BinaryOptions(int epochs = 6) =>
        new() { HiddenLayerSizes = [8], NumberOfEpochs = epochs, BatchSize = 32, DropoutRate = 0 };

    /// <summary>Reports synchronously (System.Progress posts to the thread pool, so a test could read before it is called).</summary>
    public sealed class Recorder<T>(Action<T>? onReport = null) : IProgress<T>
    {
        private readonly List<T> _reports = [];

        public IReadOnlyList<T> Reports
        {
            get
            {
                lock (_reports)
                    return [.. _reports];
            }
        }

        public void Report(T value)
        {
            lock (_reports)
                _reports.Add(value);
            onReport?.Invoke(value);
        }
    }
}
