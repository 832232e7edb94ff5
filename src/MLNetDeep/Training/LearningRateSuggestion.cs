namespace MLNetDeep.Training;

/// <summary>The rules that read a suggested rate off a range test's smoothed loss curve (fastai's suggestion functions).</summary>
internal enum SuggestionRuleKind
{
    /// <summary>Halfway along the longest stretch over which the smoothed loss keeps falling (fastai's <c>valley</c>, its default).</summary>
    Valley,

    /// <summary>Where the smoothed loss falls fastest against the log of the rate (fastai's <c>steep</c>).</summary>
    SteepestDescent,

    /// <summary>The rate of the lowest smoothed loss, divided by 10 (fastai's <c>minimum</c>).</summary>
    MinimumOverTen,
}

/// <summary>
/// Reads a suggested rate off a curve. Like fastai, the rules look at the smoothed loss without the first 10% of the
/// points (the average is still settling) and the last 5 (where the loss explodes), and only up to the first
/// non-finite value; a curve too short for that uses all its finite points.
/// </summary>
internal static class LearningRateSuggestion
{
    /// <summary>
    /// The rule the finder reports, chosen on the evidence of <c>build.ps1 bench lrfinder</c> (see the README): on three
    /// seeded Spambase splits its rate was within 0.01 validation accuracy of the best grid rate every time, where the
    /// valley rule (too cautious) and the steepest descent (fooled by the falling average after a loss spike) were not.
    /// </summary>
    public const SuggestionRuleKind Default = SuggestionRuleKind.MinimumOverTen;

    /// <summary>The rule in words, as <see cref="LearningRateFinderResult.SuggestionRule"/> states it.</summary>
    public static string Describe(SuggestionRuleKind rule) => rule switch
    {
        SuggestionRuleKind.Valley => "valley of the smoothed loss: the rate halfway along the longest run of steps over which the smoothed loss keeps falling",
        SuggestionRuleKind.SteepestDescent => "steepest descent of the smoothed loss: the rate where the smoothed loss falls fastest per decade of rate",
        _ => "minimum smoothed loss / 10: the rate with the lowest smoothed loss, divided by 10 (not below the first rate tried)",
    };

    /// <summary>The suggested rate: always within the curve's range of rates.</summary>
    public static double Suggest(IReadOnlyList<LearningRateFinderPoint> points, SuggestionRuleKind rule)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
            throw new ArgumentException("The curve has no points.", nameof(points));
        var (rates, losses) = Window(points);
        if (rates.Length == 0)
            return points[0].LearningRate;
        return rule switch
        {
            SuggestionRuleKind.Valley => rates[ValleyIndex(losses)],
            SuggestionRuleKind.SteepestDescent => rates[SteepestIndex(rates, losses)],
            _ => Math.Max(rates[Array.IndexOf(losses, losses.Min())] / 10, points[0].LearningRate),
        };
    }

    /// <summary>The finite smoothed points the rules read: without the first 10% and the last 5 when at least 3 remain.</summary>
    private static (double[] Rates, double[] Losses) Window(IReadOnlyList<LearningRateFinderPoint> points)
    {
        int finite = 0;
        while (finite < points.Count && double.IsFinite(points[finite].SmoothedLoss))
            finite++;
        int skipStart = points.Count / 10, end = points.Count - 5;
        end = Math.Min(end, finite);
        var window = end - skipStart >= 3 ? points.Skip(skipStart).Take(end - skipStart) : points.Take(finite);
        var kept = window.ToArray();
        return ([.. kept.Select(p => p.LearningRate)], [.. kept.Select(p => p.SmoothedLoss)]);
    }

    /// <summary>
    /// fastai's valley: the longest decreasing subsequence of the losses ends at index e and spans s steps; the
    /// suggestion is the point s / 2 steps after its start (fastai: start + ⌊s / 3⌋ + ⌊s / 6⌋).
    /// </summary>
    private static int ValleyIndex(double[] losses)
    {
        int n = losses.Length;
        var lengths = Enumerable.Repeat(1, n).ToArray();
        int maxStart = 0, maxEnd = 0;
        for (int i = 1; i < n; i++)
        {
            for (int j = 0; j < i; j++)
            {
                if (losses[i] < losses[j] && lengths[i] < lengths[j] + 1)
                    lengths[i] = lengths[j] + 1;
            }
            if (lengths[maxEnd] < lengths[i])
            {
                maxEnd = i;
                maxStart = maxEnd - lengths[maxEnd];
            }
        }
        double sections = (maxEnd - maxStart) / 3.0;
        return Math.Clamp(maxStart + (int)sections + (int)(sections / 2), 0, n - 1);
    }

    /// <summary>fastai's steep: the start of the segment with the most negative slope of loss against log(rate).</summary>
    private static int SteepestIndex(double[] rates, double[] losses)
    {
        int best = 0;
        double steepest = double.PositiveInfinity;
        for (int i = 0; i + 1 < rates.Length; i++)
        {
            double slope = (losses[i + 1] - losses[i]) / (Math.Log(rates[i + 1]) - Math.Log(rates[i]));
            if (slope < steepest)
            {
                steepest = slope;
                best = i;
            }
        }
        return best;
    }
}
