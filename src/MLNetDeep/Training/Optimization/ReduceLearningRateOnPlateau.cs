namespace MLNetDeep.Training.Optimization;

/// <summary>
/// Multiplies the rate by <c>factor</c> (not below <c>minRate</c>) once the monitored loss (validation loss when
/// there is validation data, else training loss) has failed to beat the best so far by a relative
/// <see cref="RelativeThreshold"/> for more than <c>patience</c> epochs in a row; the count then restarts.
/// </summary>
internal sealed class ReduceLearningRateOnPlateau(double initialRate, int patience, double factor, double minRate, ScheduleLength length)
    : LearningRateScheduleCallback(initialRate, length)
{
    public const double RelativeThreshold = 1e-4;

    private double _rate = initialRate;
    private double _best = double.PositiveInfinity;
    private int _badEpochs;

    public override void OnTrainBegin(TrainingContext context)
    {
        _rate = InitialRate;
        _best = double.PositiveInfinity;
        _badEpochs = 0;
        base.OnTrainBegin(context);
    }

    public override void OnEpochEnd(TrainingContext context, EpochRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        double monitored = record.ValidationLoss ?? record.TrainingLoss;
        if (monitored < _best * (1 - RelativeThreshold))
        {
            _best = monitored;
            _badEpochs = 0;
        }
        else if (++_badEpochs > patience)
        {
            _rate = Math.Max(minRate, _rate * factor);
            _badEpochs = 0;
        }
        Apply(context);
    }

    protected override double Rate(long stepsTaken, TrainingContext context) => _rate;
}
