namespace MLNetDeep.Training.Optimization;

/// <summary>
/// Float16 loss scaling: the loss is multiplied by <see cref="Scale"/> before the backward pass so that small
/// gradients do not underflow. An overflow (inf or NaN gradient) halves the scale and the step is skipped;
/// <see cref="GrowthInterval"/> good steps in a row double it.
/// </summary>
internal sealed class DynamicLossScaler(double initialScale = DynamicLossScaler.DefaultInitialScale, int growthInterval = DynamicLossScaler.DefaultGrowthInterval)
    : Checkpoints.ICheckpointPart
{
    public const double DefaultInitialScale = 65536;
    public const int DefaultGrowthInterval = 2000;
    private const double MinimumScale = 1.0 / (1 << 24);

    private int _goodSteps;

    public double Scale { get; private set; } = initialScale;

    public int GrowthInterval { get; } = growthInterval;

    /// <summary>Updates the scale after a step whose gradients were <paramref name="finite"/> or not.</summary>
    public void Update(bool finite)
    {
        if (!finite)
        {
            Scale = Math.Max(MinimumScale, Scale / 2);
            _goodSteps = 0;
            return;
        }
        if (++_goodSteps >= GrowthInterval)
        {
            Scale *= 2;
            _goodSteps = 0;
        }
    }

    public void Save(CheckpointState state)
    {
        state.Set("LossScale", Scale);
        state.Set("GoodSteps", _goodSteps);
    }

    public void Restore(CheckpointState state)
    {
        Scale = state.GetDouble("LossScale");
        _goodSteps = (int)state.GetInt64("GoodSteps");
    }
}
