using Microsoft.ML;

namespace MLNetDeep;

/// <summary>
/// A <see cref="DeepMlpEstimatorChain{TLastTransformer}"/> seen without its type argument: what a test-once workflow
/// gives its training and validation rows to.
/// </summary>
internal interface IValidatingChain
{
    /// <summary>Fits the chain on <paramref name="trainingData"/>, validating its DeepMlp trainer on <paramref name="validationData"/>.</summary>
    ITransformer Fit(IDataView trainingData, IDataView validationData);

    /// <summary>The DeepMlp trainers among the chain's own estimators (not inside nested chains).</summary>
    int TrainerCount { get; }
}
