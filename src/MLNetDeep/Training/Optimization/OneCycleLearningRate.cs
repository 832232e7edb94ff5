namespace MLNetDeep.Training.Optimization;

/// <summary>
/// The one-cycle policy per step: with U = max(1, round(0.3 · T)), the rate rises from lr₀ / 25 to lr₀ along half a
/// cosine over steps t = 0..U, then falls along half a cosine to lr₀ / 25 / 10⁴ at the last step t = T − 1.
/// </summary>
internal sealed class OneCycleLearningRate(double maxRate, ScheduleLength length) : LearningRateScheduler(maxRate, length)
{
    public const double RiseFraction = 0.3;
    public const double InitialDivisor = 25;
    public const double FinalDivisor = 1e4;

    protected override double Rate(long stepsTaken, TrainingContext context) => At(stepsTaken, TotalSteps, InitialRate);

    /// <summary>The rate of the (t + 1)-th of <paramref name="totalSteps"/> steps.</summary>
    public static double At(long t, long totalSteps, double maxRate)
    {
        double start = maxRate / InitialDivisor;
        double end = start / FinalDivisor;
        long rise = Math.Max(1, (long)Math.Round(RiseFraction * totalSteps, MidpointRounding.AwayFromZero));
        if (t <= rise)
            return Anneal(start, maxRate, (double)t / rise);
        long fall = Math.Max(1, totalSteps - 1 - rise);
        return Anneal(maxRate, end, Math.Min(1, (double)(t - rise) / fall));
    }

    /// <summary>Half a cosine from <paramref name="from"/> (p = 0) to <paramref name="to"/> (p = 1).</summary>
    private static double Anneal(double from, double to, double p) => to + ((from - to) * 0.5 * (1 + Math.Cos(Math.PI * p)));
}
