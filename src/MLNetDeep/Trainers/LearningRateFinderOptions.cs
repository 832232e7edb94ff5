namespace MLNetDeep;

/// <summary>
/// The range and stopping rule of <c>trainer.FindLearningRate(trainingData, options)</c>, the learning-rate range test
/// (Smith 2015; fastai's <c>lr_find</c>): optimizer step i of n uses the rate
/// <c>StartLearningRate · (EndLearningRate / StartLearningRate)^(i / (n − 1))</c>, so the rates grow exponentially from
/// the start to the end. Every value is checked when the finder runs; all violations are reported in one message.
/// </summary>
public sealed record LearningRateFinderOptions
{
    /// <summary>The rate of the first step, finite and &gt; 0. Default 1e-7.</summary>
    public double StartLearningRate { get; init; } = 1e-7;

    /// <summary>The rate of the last step, finite and &gt; <see cref="StartLearningRate"/>. Default 10.</summary>
    public double EndLearningRate { get; init; } = 10;

    /// <summary>
    /// Optimizer steps from the start rate to the end rate, from 2 to 100,000. Default 100. The training batches are
    /// reused, pass after pass in the fit's shuffled order, when one pass has fewer steps.
    /// </summary>
    public int NumberOfSteps { get; init; } = 100;

    /// <summary>
    /// β of the exponential moving average of the loss, in [0, 1): avg ← β·avg + (1 − β)·loss, reported as
    /// avg / (1 − β^k) after k steps (bias correction, as fastai does). 0 turns smoothing off. Default 0.98.
    /// </summary>
    public double Smoothing { get; init; } = 0.98;

    /// <summary>
    /// The test stops early when the smoothed loss exceeds this multiple of the lowest smoothed loss so far (or the
    /// loss is not finite), &gt; 1. Default 4, as in fastai.
    /// </summary>
    public double ExplodingLossFactor { get; init; } = 4;

    /// <summary>Throws an <see cref="ArgumentException"/> that lists every invalid value.</summary>
    internal void Validate()
    {
        var errors = new OptionErrors("Invalid learning-rate finder options:");
        errors.Check(double.IsFinite(StartLearningRate) && StartLearningRate > 0, nameof(StartLearningRate), StartLearningRate, "must be finite and greater than 0");
        errors.Check(double.IsFinite(EndLearningRate) && EndLearningRate > 0, nameof(EndLearningRate), EndLearningRate, "must be finite and greater than 0");
        if (double.IsFinite(StartLearningRate) && double.IsFinite(EndLearningRate) && StartLearningRate > 0 && EndLearningRate > 0)
        {
            errors.Check(EndLearningRate > StartLearningRate, nameof(EndLearningRate), EndLearningRate,
                $"must be greater than StartLearningRate ({StartLearningRate.ToString("R", System.Globalization.CultureInfo.InvariantCulture)})");
        }
        errors.Check(NumberOfSteps is >= 2 and <= 100_000, nameof(NumberOfSteps), NumberOfSteps, "must be from 2 to 100,000");
        errors.Check(Smoothing is >= 0 and < 1, nameof(Smoothing), Smoothing, "must be in [0, 1) (0: no smoothing)");
        errors.Check(double.IsFinite(ExplodingLossFactor) && ExplodingLossFactor > 1, nameof(ExplodingLossFactor), ExplodingLossFactor, "must be finite and greater than 1");
        errors.ThrowIfAny();
    }
}
