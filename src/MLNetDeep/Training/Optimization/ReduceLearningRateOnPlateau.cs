namespace MLNetDeep.Training.Optimization;

/// <summary>
/// Multiplies the rate by <c>factor</c> (not below <c>minRate</c>) once the monitored loss (validation loss when
/// there is validation data, else training loss) has failed to beat the best so far by a relative
/// <see cref="RelativeThreshold"/> for more than <c>patience</c> epochs in a row; the count then restarts.
/// </summary>
internal sealed class ReduceLearningRateOnPlateau(double initialRate, int patience, double factor, double minRate, ScheduleLength length)
    : LearningRateScheduler(initialRate, length)
{
    public const double RelativeThreshold = 1e-4;

    private double _rate = initialRate;
    private ImprovementMonitor _monitor = new(minimize: true, RelativeThreshold, relative: true);

    public override void Begin(TrainingContext context)
    {
        _rate = InitialRate;
        _monitor = new ImprovementMonitor(minimize: true, RelativeThreshold, relative: true);
        base.Begin(context);
    }

    public override void EndEpoch(TrainingContext context, EpochRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        _monitor.Observe(record.ValidationLoss ?? record.TrainingLoss, record.Epoch);
        if (_monitor.EpochsWithoutImprovement > patience)
        {
            _rate = Math.Max(minRate, _rate * factor);
            _monitor.ResetWait();
        }
        Apply(context);
    }

    public override void Save(CheckpointState state)
    {
        state.Set("Rate", _rate);
        _monitor.Save(state, "Plateau");
    }

    public override void Restore(CheckpointState state)
    {
        _rate = state.GetDouble("Rate");
        _monitor.Restore(state, "Plateau");
    }

    protected override double Rate(long stepsTaken, TrainingContext context) => _rate;
}
