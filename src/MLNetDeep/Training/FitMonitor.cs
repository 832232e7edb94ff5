using System.Diagnostics;

namespace MLNetDeep.Training;

/// <summary>
/// The callback every fit runs last: it stops the fit within one batch when the options' token or the context is
/// cancelled, reports <see cref="TrainingProgress"/> after every batch and epoch, and writes one log line per epoch.
/// One monitor serves every ensemble member of a fit, so its clock and time estimates span them all.
/// </summary>
internal sealed class FitMonitor : TrainingCallback
{
    private readonly CancellationToken _token;
    private readonly TrainerEnvironment _environment;
    private readonly IProgress<TrainingProgress>? _progress;
    private readonly FitLog _log;
    private readonly int _ensembleSize;
    private readonly Stopwatch _fitClock = new();
    private readonly Stopwatch _epochClock = new();
    private double _epochLossSum;
    private int _member = 1;

    public FitMonitor(DeepMlpOptionsBase options, TrainerEnvironment environment, FitLog log)
    {
        _token = options.CancellationToken;
        _environment = environment;
        _progress = options.Progress;
        _log = log;
        _ensembleSize = options.EnsembleSize;
    }

    /// <summary>Throws <see cref="OperationCanceledException"/> when the options' token or the context asks to stop.</summary>
    public void ThrowIfCancellationRequested()
    {
        _token.ThrowIfCancellationRequested();
        if (_environment.IsCanceled)
            throw new OperationCanceledException("Fit was cancelled: the MLContext's execution was cancelled.");
    }

    /// <summary>Starts the 1-based ensemble member <paramref name="member"/>.</summary>
    public void BeginMember(int member) => _member = member;

    public override void OnTrainBegin(TrainingContext context)
    {
        ThrowIfCancellationRequested();
        _fitClock.Start();
    }

    public override void OnEpochBegin(TrainingContext context)
    {
        ThrowIfCancellationRequested();
        _epochLossSum = 0;
        _epochClock.Restart();
    }

    public override void OnBatchEnd(TrainingContext context, double batchLoss)
    {
        _epochLossSum += batchLoss * context.LastBatchRows;
        _progress?.Report(Report(context, _epochLossSum / Math.Max(1, context.EpochRows), null, null, isEpochEnd: false));
        ThrowIfCancellationRequested();
    }

    public override void OnEpochEnd(TrainingContext context, EpochRecord record)
    {
        var report = Report(context, record.TrainingLoss, record.ValidationLoss, record.ValidationMetric, isEpochEnd: true);
        _progress?.Report(report);
        _log.Epoch(report);
        _log.Notes(context.History);
    }

    public override void OnTrainEnd(TrainingContext context)
    {
        _fitClock.Stop();
        _log.Notes(context.History);   // notes the other callbacks added at the end (early stopping's restore)
    }

    private TrainingProgress Report(TrainingContext context, double loss, double? validationLoss, double? metric, bool isEpochEnd)
    {
        double seconds = _epochClock.Elapsed.TotalSeconds;
        double rowsPerSecond = seconds > 0 ? context.EpochRows / seconds : 0;
        var progress = new TrainingProgress(
            _member, _ensembleSize, context.Epoch, context.NumberOfEpochs, context.EpochRows, context.TrainingRowCount, context.Step,
            loss, validationLoss, metric, context.History.ValidationMetricName, context.LearningRate, rowsPerSecond, _fitClock.Elapsed, null, isEpochEnd);
        double done = progress.Fraction;
        return done is > 0 and < 1 && _fitClock.Elapsed > TimeSpan.Zero
            ? progress with { EstimatedTimeRemaining = _fitClock.Elapsed * ((1 - done) / done) }
            : progress with { EstimatedTimeRemaining = done >= 1 ? TimeSpan.Zero : null };
    }
}
