namespace MLNetDeep.Diagnostics;

/// <summary>
/// The loss of the trivial model that ignores the features, in the units of the training loss: what the initial-loss
/// check compares against and what the training doctor calls underfitting relative to.
/// </summary>
internal static class TrivialBaseline
{
    /// <summary>The class prior's entropy −Σ p_k ln p_k: the log-loss of always predicting the training class shares.</summary>
    /// <param name="classCounts">The training rows (or example weights) per class.</param>
    public static double PriorEntropy(IReadOnlyList<double> classCounts)
    {
        double total = classCounts.Sum();
        return total > 0 ? -classCounts.Where(n => n > 0).Sum(n => n / total * Math.Log(n / total)) : double.NaN;
    }

    /// <summary>
    /// The baseline loss of a task: <see cref="PriorEntropy"/> for classification (<paramref name="classCounts"/> not
    /// empty); for regression the squared error of always predicting the label mean, in the standardized units the
    /// network learns ((y − offset) / <paramref name="labelScale"/>): the population variance / scale² (about 1).
    /// </summary>
    public static double Loss(IReadOnlyList<double> classCounts, double labelStandardDeviation, long rows, double labelScale)
    {
        if (classCounts.Count > 0)
            return PriorEntropy(classCounts);
        double populationVariance = rows > 1 ? labelStandardDeviation * labelStandardDeviation * (rows - 1) / rows : 0;
        return populationVariance / (labelScale * labelScale);
    }
}
