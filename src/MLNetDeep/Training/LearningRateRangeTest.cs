using MLNetDeep.Data;
using static TorchSharp.torch;

namespace MLNetDeep.Training;

/// <summary>
/// The learning-rate range test (Smith 2015, "Cyclical Learning Rates for Training Neural Networks"; fastai's
/// <c>lr_find</c>): train with a rate that grows exponentially every optimizer step, record each step's loss and its
/// bias-corrected moving average, and stop when the smoothed loss explodes. It runs the fit's own training step
/// (objective, optimizer, clipping, accumulation, mixed precision) and augmentations on the training batches, pass
/// after pass in the fit's shuffled order, and sets the optimizer's rate itself (no schedule).
/// </summary>
/// <param name="range">The validated range and stopping rule.</param>
internal sealed class LearningRateRangeTest(LearningRateFinderOptions range)
{
    /// <summary>The rate of step <paramref name="index"/> (0-based): start · (end / start)^(index / (n − 1)).</summary>
    public double RateAt(int index) =>
        index == range.NumberOfSteps - 1
            ? range.EndLearningRate
            : range.StartLearningRate * Math.Pow(range.EndLearningRate / range.StartLearningRate, index / (double)(range.NumberOfSteps - 1));

    /// <summary>Runs the test; the network, optimizer and step are fresh and used by nothing else.</summary>
    /// <param name="network">The network being trained (put in training mode here).</param>
    /// <param name="parts">The training step and augmentations (the scheduler is unused).</param>
    /// <param name="context">The test's context (its history receives the step records).</param>
    /// <param name="training">The training batches.</param>
    /// <param name="batchSize">Rows per batch.</param>
    /// <param name="seeds">The row order of pass p is the fit's order of epoch p.</param>
    /// <param name="throwIfCanceled">Called after every step.</param>
    /// <returns>The points, one per optimizer step, and whether the loss exploded before the last rate.</returns>
    public (IReadOnlyList<LearningRateFinderPoint> Points, bool StoppedEarly) Run(
        nn.Module<Tensor, Tensor> network, TrainingParts parts, TrainingContext context, IBatchSource training, int batchSize, MemberSeeds seeds,
        Action throwIfCanceled)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(training);
        network.train();
        var curve = new Curve(range);
        for (int pass = 1; !curve.Done; pass++)
        {
            context.Epoch = pass;
            context.EpochRows = 0;
            bool anyBatch = false;
            using (var batches = training.GetBatches(batchSize, seeds.Shuffle(pass)).GetEnumerator())
            {
                while (!curve.Done)
                {
                    using var scope = NewDisposeScope();
                    if (!batches.MoveNext())
                        break;
                    anyBatch = true;
                    var batch = batches.Current;
                    foreach (var augmentation in parts.Augmentations)
                        batch = augmentation.Apply(batch, context);
                    SetRate(context, RateAt(curve.Count));
                    long stepsBefore = context.Step;
                    parts.Step.Run(batch, context);
                    context.EpochRows += batch.Rows;
                    if (context.Step > stepsBefore)
                        curve.Add(context.History.Steps[^1]);
                    throwIfCanceled();
                }
            }
            if (!anyBatch)
                throw new InvalidOperationException("The learning-rate finder found no training batches.");
            // An incomplete group of accumulated batches at the end of a pass steps, as at the end of a fit's epoch.
            long before = context.Step;
            using (NewDisposeScope())
                parts.Step.Flush(context);
            if (context.Step > before && !curve.Done)
                curve.Add(context.History.Steps[^1]);
        }
        return (curve.Points, curve.Exploded && curve.Count < range.NumberOfSteps);
    }

    private static void SetRate(TrainingContext context, double rate)
    {
        foreach (var group in context.Optimizer.ParamGroups)
            group.LearningRate = rate;
    }

    /// <summary>The recorded points, the moving average and the stopping rule.</summary>
    private sealed class Curve(LearningRateFinderOptions range)
    {
        private readonly List<LearningRateFinderPoint> _points = [];
        private double _average;
        private double _best = double.PositiveInfinity;

        public IReadOnlyList<LearningRateFinderPoint> Points => _points;

        public int Count => _points.Count;

        public bool Exploded { get; private set; }

        public bool Done => Exploded || _points.Count >= range.NumberOfSteps;

        /// <summary>Adds the step's point; the smoothed loss is avg / (1 − β^k) after k steps.</summary>
        public void Add(StepRecord step)
        {
            double beta = range.Smoothing;
            _average = (beta * _average) + ((1 - beta) * step.Loss);
            double smoothed = _average / (1 - Math.Pow(beta, _points.Count + 1));
            _points.Add(new LearningRateFinderPoint(step.LearningRate, step.Loss, smoothed));
            if (!double.IsFinite(smoothed) || smoothed > range.ExplodingLossFactor * _best)
                Exploded = true;
            else
                _best = Math.Min(_best, smoothed);
        }
    }
}
