namespace MLNetDeep.Training;

/// <summary>
/// Watches one quantity epoch after epoch and decides whether it improved (as Keras's EarlyStopping and
/// ReduceLROnPlateau share one rule): better than the best so far by more than a threshold, absolute
/// (|best − value| &gt; <c>threshold</c>) or relative (by more than <c>threshold</c>·|best|), in the direction of the
/// goal. NaN never improves. Early stopping and the reduce-on-plateau schedule both use it.
/// </summary>
/// <param name="minimize">True when lower is better.</param>
/// <param name="threshold">The smallest change that counts, ≥ 0.</param>
/// <param name="relative">Whether <paramref name="threshold"/> is a share of the best value rather than an absolute amount.</param>
internal sealed class ImprovementMonitor(bool minimize, double threshold, bool relative)
{
    /// <summary>The best value so far (±infinity before the first improvement).</summary>
    public double Best { get; private set; } = minimize ? double.PositiveInfinity : double.NegativeInfinity;

    /// <summary>The 1-based epoch of <see cref="Best"/> (0 before the first improvement).</summary>
    public int BestEpoch { get; private set; }

    /// <summary>Epochs observed since the last improvement (or since the start, or since <see cref="ResetWait"/>).</summary>
    public int EpochsWithoutImprovement { get; private set; }

    /// <summary>Records <paramref name="value"/> of <paramref name="epoch"/>; true when it improved on the best.</summary>
    public bool Observe(double value, int epoch)
    {
        double margin = relative && double.IsFinite(Best) ? threshold * Math.Abs(Best) : threshold;
        bool improved = minimize ? value < Best - margin : value > Best + margin;
        if (improved)
        {
            Best = value;
            BestEpoch = epoch;
            EpochsWithoutImprovement = 0;
        }
        else
        {
            EpochsWithoutImprovement++;
        }
        return improved;
    }

    /// <summary>Starts counting epochs without improvement afresh (after the plateau schedule acted).</summary>
    public void ResetWait() => EpochsWithoutImprovement = 0;

    /// <summary>Stores the best value, its epoch and the wait under keys starting with <paramref name="prefix"/>.</summary>
    public void Save(CheckpointState state, string prefix)
    {
        state.Set(prefix + "Best", Best);
        state.Set(prefix + "BestEpoch", BestEpoch);
        state.Set(prefix + "EpochsWithoutImprovement", EpochsWithoutImprovement);
    }

    /// <summary>Reads back what <see cref="Save"/> stored.</summary>
    public void Restore(CheckpointState state, string prefix)
    {
        Best = state.GetDouble(prefix + "Best");
        BestEpoch = (int)state.GetInt64(prefix + "BestEpoch");
        EpochsWithoutImprovement = (int)state.GetInt64(prefix + "EpochsWithoutImprovement");
    }
}
