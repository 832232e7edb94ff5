using MLNetDeep.Data;
using MLNetDeep.Training.Regularization;
using static MLNetDeep.Native.FloatSpans;
using static TorchSharp.torch;

namespace MLNetDeep.Training.Optimization;

/// <summary>
/// The plain task objective (<see cref="TaskObjective"/> on an unmixed batch) and its gradient with respect to the
/// logits, in one managed pass over the batch instead of about fifteen autograd ops: the weighted mean of the task's
/// row loss (<see cref="PredictionTask.ManagedRowLoss"/>), each row weighing its example weight times its class weight,
/// over a total clamped at 1e-12 as <see cref="PredictionTask.WeightedMean"/> does. Sums run in double precision.
/// </summary>
internal sealed class LogitGradient
{
    private readonly PredictionTask _task;
    private readonly float[]? _classWeights;

    private LogitGradient(TaskObjective objective)
    {
        _task = objective.Task;
        _classWeights = objective.ClassWeights is { } classWeights ? ToFloatArray(classWeights) : null;
    }

    /// <summary>The managed objective for <paramref name="objective"/>, or null when it is not a plain task objective.</summary>
    public static LogitGradient? TryCreate(ITrainingObjective objective) => objective is TaskObjective plain ? new LogitGradient(plain) : null;

    /// <summary>Whether the batch's target is its labels alone (mixup mixes two).</summary>
    public static bool Applies(Batch batch) => batch.MixLabels is null;

    /// <summary>
    /// Writes d(objective · <paramref name="scale"/>)/d(logits) into <paramref name="gradient"/> and returns the objective,
    /// or returns null (writing nothing useful) when the task has no managed row loss.
    /// </summary>
    /// <param name="logits">[rows, outputs] contiguous float32 CPU logits.</param>
    /// <param name="batch">The batch's labels and weights.</param>
    /// <param name="scale">The factor on the gradient (gradient accumulation's batch weight; 1 otherwise).</param>
    /// <param name="gradient">[rows, outputs] contiguous float32 CPU tensor; overwritten.</param>
    public double? Compute(Tensor logits, Batch batch, double scale, Tensor gradient)
    {
        var z = Floats(logits);
        var g = Floats(gradient);
        ReadOnlySpan<float> labels = CanSpan(batch.Labels) ? Floats(batch.Labels) : ToFloatArray(batch.Labels);
        ReadOnlySpan<float> weights = CanSpan(batch.Weights) ? Floats(batch.Weights) : ToFloatArray(batch.Weights);
        int rows = labels.Length, outputs = z.Length / Math.Max(rows, 1);
        var rowWeights = new double[rows];
        double total = 0;
        for (int i = 0; i < rows; i++)
            total += rowWeights[i] = weights[i] * (double)(_classWeights is null ? 1f : _classWeights[ClassOf(labels[i], _classWeights.Length)]);
        total = Math.Max(total, 1e-12);

        double loss = 0;
        for (int i = 0; i < rows; i++)
        {
            double share = rowWeights[i] / total;
            if (_task.ManagedRowLoss(z.Slice(i * outputs, outputs), labels[i], share * scale, g.Slice(i * outputs, outputs)) is not { } rowLoss)
                return null;
            loss += share * rowLoss;
        }
        return loss;
    }

    private static int ClassOf(float label, int classes) =>
        label >= 0 && label < classes && label == MathF.Floor(label) ? (int)label
            : throw new InvalidOperationException($"Label {label} is not a class index below {classes}.");
}
