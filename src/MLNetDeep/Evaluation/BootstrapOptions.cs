namespace MLNetDeep;

/// <summary>
/// Bootstrap confidence intervals for the metrics of an evaluation report (percentile method): the scored rows are
/// resampled with replacement <see cref="BootstrapResamples"/> times, every metric is recomputed on each resample, and
/// the interval is the pair of percentiles that leaves (1 − <see cref="ConfidenceLevel"/>) / 2 of the resampled values
/// on each side (linear interpolation between order statistics). Each resample recomputes every metric (AUC and AUPRC
/// sort the rows), so the cost grows as resamples × n log n: 1,000 resamples of 100,000 rows take a while.
/// </summary>
public sealed class BootstrapOptions
{
    /// <summary>Number of resamples; 0 (the default) turns the intervals off. Valid range 0 to 100,000; 1,000 is usual.</summary>
    public int BootstrapResamples { get; set; }

    /// <summary>Coverage of each interval, strictly between 0 and 1. Default 0.95.</summary>
    public double ConfidenceLevel { get; set; } = 0.95;

    /// <summary>Seed of the resampling; the same seed on the same rows gives the same intervals. Default 0.</summary>
    public int Seed { get; set; }

    /// <summary>Throws, listing every violation in one message, when an option is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        var problems = new List<string>();
        if (BootstrapResamples is < 0 or > 100_000)
            problems.Add($"BootstrapResamples is {BootstrapResamples}, but must be between 0 and 100000.");
        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1))
            problems.Add(FormattableString.Invariant($"ConfidenceLevel is {ConfidenceLevel}, but must be strictly between 0 and 1."));
        if (problems.Count > 0)
            throw new ArgumentOutOfRangeException(nameof(BootstrapOptions), string.Join(" ", problems));
    }
}

/// <summary>A bootstrap confidence interval of one metric.</summary>
/// <param name="Lower">The lower percentile of the resampled values.</param>
/// <param name="Upper">The upper percentile of the resampled values.</param>
/// <param name="Level">The coverage it was computed for, for example 0.95.</param>
public readonly record struct ConfidenceInterval(double Lower, double Upper, double Level);

/// <summary>One metric of a report: its name (see <see cref="MetricNames"/>), value and, on request, its interval.</summary>
/// <param name="Name">The metric, as the report tables print it.</param>
/// <param name="Value">The value on all rows; NaN when not defined (for example F1 when nothing is predicted positive).</param>
/// <param name="Interval">The bootstrap interval; null unless <see cref="BootstrapOptions.BootstrapResamples"/> &gt; 0.</param>
public sealed record MetricFigure(string Name, double Value, ConfidenceInterval? Interval = null);
