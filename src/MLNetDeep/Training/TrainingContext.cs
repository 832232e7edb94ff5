using TorchSharp;

namespace MLNetDeep;

/// <summary>The state of a running fit, as callbacks see it.</summary>
public sealed class TrainingContext
{
    internal TrainingContext(torch.nn.Module network, torch.optim.Optimizer optimizer, TrainingHistory history, int numberOfEpochs, long trainingRowCount)
    {
        Network = network;
        Optimizer = optimizer;
        History = history;
        NumberOfEpochs = numberOfEpochs;
        TrainingRowCount = trainingRowCount;
    }

    /// <summary>The TorchSharp module being trained.</summary>
    public torch.nn.Module Network { get; }

    /// <summary>The optimizer (its learning rate can be changed between steps).</summary>
    public torch.optim.Optimizer Optimizer { get; }

    /// <summary>The epochs finished so far.</summary>
    public TrainingHistory History { get; }

    /// <summary>The epoch limit from the options.</summary>
    public int NumberOfEpochs { get; }

    /// <summary>Rows in the training data.</summary>
    public long TrainingRowCount { get; }

    /// <summary>The 1-based epoch running now (or just finished, in <see cref="TrainingCallback.OnEpochEnd"/>).</summary>
    public int Epoch { get; internal set; }

    /// <summary>Optimizer steps taken so far.</summary>
    public long Step { get; internal set; }

    /// <summary>Rows of the current epoch trained so far.</summary>
    public long EpochRows { get; internal set; }

    /// <summary>Rows in the batch just trained.</summary>
    internal long LastBatchRows { get; set; }

    /// <summary>
    /// Set to true to end training after the current batch: the epoch's record is still written (with its partial
    /// training loss and a validation pass), then training ends and the model keeps the weights early stopping selects
    /// (its best epoch when <see cref="EarlyStoppingOptions.RestoreBestWeights"/> is on), else the current ones.
    /// </summary>
    public bool StopTraining { get; set; }

    /// <summary>The current learning rate of the first parameter group.</summary>
    public double LearningRate => Optimizer.ParamGroups.First().LearningRate;
}
