using Microsoft.ML;
using MLNetDeep.Examples;

namespace MLNetDeep.Benchmarks;

/// <summary>
/// What the search sections share: Spambase with its label mapped (for the test-once workflow), the searched space (the
/// one examples/MLNetDeep.Search uses), the trial pipeline and the default-options pipeline it is compared with.
/// </summary>
internal static class SearchSpambase
{
    /// <summary>Spambase with a Boolean Label beside the feature vector Raw, cached (the workflow reads it many times).</summary>
    public static IDataView Data(MLContext ml) => ml.Data.Cache(BundledDatasets.SpambaseWithLabel(ml));

    /// <summary>
    /// Learning rate (log 3e-4 to 1e-2), batch size, hidden layers, dropout, AdamW weight decay (log 1e-4 to 0.1) and a
    /// pipeline choice (no normalizer, or NormalizeLogMeanVariance), from AdamW with early stopping (patience 4) and
    /// <paramref name="epochs"/> epochs at most; <paramref name="earlyStopping"/> false leaves early stopping off.
    /// </summary>
    public static SearchSpace<DeepMlpBinaryTrainer.Options> Space(int epochs, bool earlyStopping = true) =>
        new SearchSpace<DeepMlpBinaryTrainer.Options>(new DeepMlpBinaryTrainer.Options
        {
            NumberOfEpochs = epochs,
            Optimizer = OptimizerAlgorithm.AdamW,
            EarlyStopping = earlyStopping ? new EarlyStoppingOptions { Patience = 4 } : null,
        })
            .LogUniform(o => o.LearningRate, 3e-4, 1e-2)
            .Choice(o => o.BatchSize, 64, 128, 256)
            .Choice(o => o.HiddenLayerSizes, [64], [128, 64], [256, 128], [512, 256])
            .Uniform(o => o.DropoutRate, 0, 0.5)
            .LogUniform(o => o.WeightDecay, 1e-4, 1e-1)
            .Choice("Normalizer", "None", "LogMeanVariance");

    /// <summary>A trial's pipeline: Concatenate(Raw), the chosen normalizer, DeepMlp from the trial's options.</summary>
    public static IEstimator<ITransformer> Pipeline(MLContext ml, SearchTrialSetup<DeepMlpBinaryTrainer.Options> setup)
    {
        var chain = new DeepMlpEstimatorChain<ITransformer>().Append<ITransformer>(ml.Transforms.Concatenate("Features", "Raw"));
        if (setup.Get<string>("Normalizer") == "LogMeanVariance")
            chain = chain.Append<ITransformer>(ml.Transforms.NormalizeLogMeanVariance("Features"));
        return chain.Append<ITransformer>(ml.BinaryClassification.Trainers.DeepMlp(setup.Options));
    }

    /// <summary>The bundled preprocessing (Concatenate, NormalizeMeanVariance) and DeepMlp with default options and Seed = <paramref name="seed"/>.</summary>
    public static IEstimator<ITransformer> DefaultPipeline(MLContext ml, int seed) =>
        ml.Transforms.Concatenate("Features", "Raw")
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(ml.BinaryClassification.Trainers.DeepMlp(new DeepMlpBinaryTrainer.Options { Seed = seed }));
}
