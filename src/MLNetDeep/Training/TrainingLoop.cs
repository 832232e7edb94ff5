using System.Diagnostics;
using MLNetDeep.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNetDeep.Training;

/// <summary>
/// The epoch loop: augment each batch, run the training step, tell the callbacks; then validation and the
/// history record. Everything optional lives in the parts (<see cref="TrainingParts"/>): the scheduler, callbacks
/// (clipping, stopping, logging), augmentations and the step variant.
/// </summary>
internal sealed class TrainingLoop(nn.Module<Tensor, Tensor> network, PredictionTask task, int batchSize, TrainingParts parts)
{
    private IReadOnlyList<TrainingCallback> Callbacks => parts.Callbacks;

    /// <param name="context">The fit's state.</param>
    /// <param name="training">The training batches.</param>
    /// <param name="validation">The validation batches, or null.</param>
    /// <param name="seeds">The member's random streams.</param>
    /// <param name="restore">
    /// Puts a checkpoint's state back after the callbacks' <see cref="TrainingCallback.OnTrainBegin"/> (it sets the epoch
    /// to continue after), or null to start from the first epoch.
    /// </param>
    public void Run(TrainingContext context, IBatchSource training, IBatchSource? validation, MemberSeeds seeds, Action<TrainingContext>? restore = null)
    {
        var history = context.History;
        history.ValidationMetricName = validation is null ? null : task.MetricName;
        parts.Scheduler?.Begin(context);
        foreach (var c in Callbacks) c.OnTrainBegin(context);
        restore?.Invoke(context);

        for (int epoch = context.Epoch + 1; epoch <= context.NumberOfEpochs && !context.StopTraining; epoch++)
        {
            var clock = Stopwatch.StartNew();
            context.Epoch = epoch;
            parts.Scheduler?.BeginEpoch(context);
            foreach (var c in Callbacks) c.OnEpochBegin(context);

            double trainingLoss = TrainEpoch(context, training, seeds.Shuffle(epoch));
            (double? validationLoss, double? metric) = validation is null ? ((double?)null, (double?)null) : Evaluate(validation);

            var record = new EpochRecord(epoch, trainingLoss, validationLoss, metric, context.LearningRate, clock.Elapsed);
            history.Add(record);
            history.SelectedEpoch = epoch;
            parts.Scheduler?.EndEpoch(context, record);
            foreach (var c in Callbacks) c.OnEpochEnd(context, record);
        }

        foreach (var c in Callbacks) c.OnTrainEnd(context);
    }

    private double TrainEpoch(TrainingContext context, IBatchSource source, int seed)
    {
        network.train();
        context.EpochRows = 0;
        double lossSum = 0;
        long rows = 0;
        using var batches = source.GetBatches(batchSize, seed).GetEnumerator();
        while (true)
        {
            using var scope = NewDisposeScope();
            if (!batches.MoveNext())
                break;
            var batch = batches.Current;
            foreach (var augmentation in parts.Augmentations)
                batch = augmentation.Apply(batch, context);
            double value = parts.Step.Run(batch, context);
            lossSum += value * batch.Rows;
            rows += batch.Rows;
            context.LastBatchRows = batch.Rows;
            context.EpochRows = rows;
            foreach (var c in Callbacks) c.OnBatchEnd(context, value);
            if (context.StopTraining)
                break;
        }
        using (NewDisposeScope())
            parts.Step.Flush(context);
        return rows > 0 ? lossSum / rows : double.NaN;
    }

    private (double Loss, double Metric) Evaluate(IBatchSource source)
    {
        network.eval();
        using var _ = no_grad();
        var metric = new MetricAccumulator();
        double lossSum = 0, weightSum = 0;
        source.ForEachInScope(batchSize: 4096, batch =>
        {
            var output = network.call(batch.Features);
            lossSum += (task.RowLoss(output, batch.Labels) * batch.Weights).sum().item<float>();
            weightSum += batch.Weights.sum().item<float>();
            task.Observe(output, batch.Labels, batch.Weights, metric);
        });
        return (weightSum > 0 ? lossSum / weightSum : double.NaN, task.Metric(metric));
    }
}
