using Microsoft.ML;

namespace MLNetDeep.Interruption;

/// <summary>
/// The fit the interruption test kills and resumes: a two-member regression ensemble with dropout, early stopping on a
/// carved validation split and a cosine schedule, on a dataset saved in ML.NET's binary format. The test project
/// compiles this file too, so the killed fit and the fits it is compared with use the same options.
/// </summary>
public static class InterruptedFit
{
    /// <summary>Batches of 16 over 128 training rows: 8 per epoch, 6 epochs per member.</summary>
    public static DeepMlpRegressionTrainer.Options Options(string? checkpointDirectory, bool resume) => new()
    {
        HiddenLayerSizes = [16, 8],
        DropoutRate = 0.1,
        BatchSize = 16,
        NumberOfEpochs = 6,
        EnsembleSize = 2,
        ValidationFraction = 0.2,
        EarlyStopping = new EarlyStoppingOptions { Patience = 10 },
        Seed = 11,
        CheckpointDirectory = checkpointDirectory,
        ResumeFromCheckpoint = resume ? checkpointDirectory : null,
    };

    public static IDataView Load(MLContext ml, string dataPath) => ml.Data.LoadFromBinary(dataPath);
}
