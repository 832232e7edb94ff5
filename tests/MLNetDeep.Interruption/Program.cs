using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using MLNetDeep;
using MLNetDeep.Interruption;

// Usage: MLNetDeep.Interruption <data.idv> <checkpoint folder> <batch>
// Trains InterruptedFit with checkpoints and kills its own process (SIGKILL: no finally blocks, no flushing) after
// <batch> batches over all members. Exit code 3: the fit ended before that batch.
if (args.Length != 3 || !long.TryParse(args[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out long batch))
{
    Console.Error.WriteLine("Usage: MLNetDeep.Interruption <data.idv> <checkpoint folder> <batch>");
    return 2;
}
var ml = new MLContext(seed: 1);
var options = InterruptedFit.Options(args[1], resume: false);
options.Callbacks.Add(new KillAt(batch));
new DeepMlpRegressionTrainer(options).Fit(InterruptedFit.Load(ml, args[0]));
Console.Error.WriteLine($"The fit finished before batch {batch}.");
return 3;

/// <summary>Kills the process after the given batch.</summary>
internal sealed class KillAt(long batch) : TrainingCallback
{
    private long _seen;

    public override void OnBatchEnd(TrainingContext context, double batchLoss)
    {
        if (++_seen == batch)
        {
            Console.WriteLine($"killing the process in member-epoch {context.Epoch}, step {context.Step}");
            Console.Out.Flush();
            Process.GetCurrentProcess().Kill();
        }
    }
}
