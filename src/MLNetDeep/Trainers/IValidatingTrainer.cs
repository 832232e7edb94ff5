using Microsoft.ML;

namespace MLNetDeep;

/// <summary>
/// A DeepMlp trainer of any task, seen without its type arguments: what <see cref="DeepMlpEstimatorChain{TLastTransformer}"/>
/// looks for among its estimators and hands the validation data to.
/// </summary>
internal interface IValidatingTrainer
{
    /// <summary>Trains on <paramref name="trainingData"/>, validating on <paramref name="validationData"/> after every epoch.</summary>
    ITransformer Fit(IDataView trainingData, IDataView validationData);
}
