using MLNetDeep.Data;
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
    public static IReadOnlyList<ClassRecord> Run(nn.Module<Tensor, Tensor> network, PredictionTask task, double[] classCounts, IBatchSource source, string evaluatedOn)
    {
        int classes = classCounts.Length;
        if (classes == 0)
            return [];
        var hits = new double[classes];
        var totals = new double[classes];
        network.eval();
        using var _ = no_grad();
        using var batches = source.GetBatches(batchSize: 4096, shuffleSeed: null).GetEnumerator();
        while (true)
        {
            // The scope opens before MoveNext, so that the batch's tensors are freed with it.
            using var scope = NewDisposeScope();
            if (!batches.MoveNext())
                break;
            var batch = batches.Current;
            var predicted = task.PredictedClasses(network.call(batch.Features));
            if (predicted is null)
                return [];
            long[] guesses = predicted.cpu().data<long>().ToArray();
            float[] labels = batch.Labels.cpu().data<float>().ToArray();
            float[] weights = batch.Weights.cpu().data<float>().ToArray();
            for (int i = 0; i < labels.Length; i++)
            {
                int label = (int)labels[i];
                if (label < 0 || label >= classes)
                    continue;
                totals[label] += weights[i];
                if (guesses[i] == label)
                    hits[label] += weights[i];
            }
        }
        return [.. Enumerable.Range(0, classes).Select(c => new ClassRecord(c, classCounts[c], totals[c] > 0 ? hits[c] / totals[c] : double.NaN, evaluatedOn))];
    }
}
