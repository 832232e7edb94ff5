namespace MLNetDeep;

/// <summary>
/// What <c>trainer.FindLearningRate(trainingData)</c> measured: the loss at every rate it tried, and the rate it
/// suggests for <see cref="DeepMlpOptionsBase.LearningRate"/>. Save it as a PNG with <c>result.SavePlot(path)</c>
/// (MLNetDeep.Plots).
/// </summary>
public sealed class LearningRateFinderResult
{
    internal LearningRateFinderResult(
        IReadOnlyList<LearningRateFinderPoint> points, bool stoppedEarly, double suggestedLearningRate, string suggestionRule,
        LearningRateFinderOptions options, int seed, IReadOnlyList<string> notes)
    {
        Points = points;
        StoppedEarly = stoppedEarly;
        SuggestedLearningRate = suggestedLearningRate;
        SuggestionRule = suggestionRule;
        Options = options;
        Seed = seed;
        Notes = notes;
    }

    /// <summary>One point per optimizer step, in the order taken, so the rates increase strictly.</summary>
    public IReadOnlyList<LearningRateFinderPoint> Points { get; }

    /// <summary>
    /// True when the test stopped before <see cref="LearningRateFinderOptions.NumberOfSteps"/> because the loss exploded
    /// (the last point's smoothed loss exceeds <see cref="LearningRateFinderOptions.ExplodingLossFactor"/> times the lowest
    /// before it, or is not finite).
    /// </summary>
    public bool StoppedEarly { get; }

    /// <summary>
    /// The suggested learning rate, within the range of the rates in <see cref="Points"/>; <see cref="SuggestionRule"/>
    /// says how it was chosen: the rate of the lowest smoothed loss divided by 10 (not below the first rate), read off
    /// the curve without its first 10% of points and its last 5, as fastai does.
    /// </summary>
    public double SuggestedLearningRate { get; }

    /// <summary>The rule that chose <see cref="SuggestedLearningRate"/>, in words.</summary>
    public string SuggestionRule { get; }

    /// <summary>The range and stopping rule the test ran with.</summary>
    public LearningRateFinderOptions Options { get; }

    /// <summary>The seed of the test's network, dropout and row order.</summary>
    public int Seed { get; }

    /// <summary>Every decision made on the caller's behalf (which options the test ignores, device fallback, data notes).</summary>
    public IReadOnlyList<string> Notes { get; }
}

/// <summary>One step of the learning-rate range test.</summary>
/// <param name="LearningRate">The rate of the step.</param>
/// <param name="Loss">The training loss of the step's batch (before the update), as a fit records it in <see cref="StepRecord.Loss"/>.</param>
/// <param name="SmoothedLoss">The bias-corrected exponential moving average of <paramref name="Loss"/> up to this step.</param>
public sealed record LearningRateFinderPoint(double LearningRate, double Loss, double SmoothedLoss);
