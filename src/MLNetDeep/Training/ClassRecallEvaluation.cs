using MLNetDeep.Data;
using static MLNetDeep.Native.FloatSpans;
using static TorchSharp.torch;

namespace MLNetDeep.Training;

/// <summary>
/// After the last epoch: the final model's recall per class (example-weighted) on the validation rows, or on the training
/// rows without validation data, in one forward pass in evaluation mode (no dropout, no random draws). Classification
/// only; the training doctor's class-imbalance rule reads it from <see cref="TrainingHistory.Classes"/>.
/// </summary>
internal static class ClassRecallEvaluation
{
    /// <summary>One <see cref="ClassRecord"/> per class, or none for a task without classes.</summary>
    public static IReadOnlyList<ClassRecord> Run(
        nn.Module<Tensor, Tensor> network, PredictionTask task, double[] classCounts, IBatchSource source, string evaluatedOn, int batchSize = 4096)
    {
        int classes = classCounts.Length;
        if (classes == 0)
            return [];
        var hits = new double[classes];
        var totals = new double[classes];
        network.eval();
        using var _ = no_grad();
        bool classified = true;
        source.ForEachInScope(batchSize, batch =>
        {
            var predicted = task.PredictedClasses(network.call(batch.Features));
            if (predicted is null)
            {
                classified = false;
                return;
            }
            // One read-back of [3, rows] floats (classes are small integers, exact in float32) and no per-element boxing.
            using var packed = stack([predicted.to_type(ScalarType.Float32), batch.Labels.to_type(ScalarType.Float32), batch.Weights.to_type(ScalarType.Float32)]).cpu();
            ReadOnlySpan<float> values = Floats(packed);
            int rows = values.Length / 3;
            ReadOnlySpan<float> guesses = values[..rows], labels = values.Slice(rows, rows), weights = values[(2 * rows)..];
            for (int i = 0; i < rows; i++)
            {
                int label = (int)labels[i];
                if (label < 0 || label >= classes)
                    continue;
                totals[label] += weights[i];
                if (guesses[i] == label)
                    hits[label] += weights[i];
            }
        });
        if (!classified)
            return [];
        return [.. Enumerable.Range(0, classes).Select(c => new ClassRecord(c, classCounts[c], totals[c] > 0 ? hits[c] / totals[c] : double.NaN, evaluatedOn))];
    }
}
