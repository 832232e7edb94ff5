using Microsoft.ML;
using MLNetDeep.Embeddings;

namespace MLNetDeep;

public partial class DeepMlpTrainer<TTask, TOptions>
{
    /// <summary>
    /// The training and validation data as the network reads them: with categorical columns, the feature column becomes
    /// the features followed by the key values (stock ML.NET steps, the same the scoring chain starts with).
    /// </summary>
    private (IDataView Training, IDataView? Validation) NetworkViews(CategoricalInputs? categorical, IDataView trainingData, IDataView? validationData)
    {
        if (categorical is null)
            return (trainingData, validationData);
        if (validationData is not null)
            categorical.CheckMatches(validationData.Schema, "validation data");
        return (categorical.ForTraining(_mlContext, trainingData), validationData is null ? null : categorical.ForTraining(_mlContext, validationData));
    }
}
