using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNetDeep.Interop;
using MLNetDeep.Leakage;

namespace MLNetDeep;

/// <summary><c>CheckLeakage</c> on <c>mlContext.Data</c>: leakage checks for any pair of training and held-out data.</summary>
public static class LeakageCatalog
{
    /// <summary>
    /// Looks for leakage between <paramref name="trainingData"/> and <paramref name="testData"/> and writes each finding
    /// to <c>mlContext.Log</c> as a warning (source "Leakage"): test rows equal to a training row (features and label),
    /// a single feature that almost predicts the training label (AUC ≥ 0.99, R² ≥ 0.98, multiclass binned accuracy ≥ 0.99,
    /// on up to 20,000 training rows, as <c>CheckSetup</c> scores it), and groups with rows in both sets. Both sets'
    /// feature and label columns are read into memory once (up to 1 GB each).
    /// </summary>
    /// <param name="catalog">The data catalog, <c>mlContext.Data</c>.</param>
    /// <param name="trainingData">The training rows, with the columns the trainer sees (transform raw rows with the fitted pipeline first).</param>
    /// <param name="testData">The held-out rows (test or validation), with the same columns.</param>
    /// <param name="options">The columns to compare; null for "Label" and "Features" without a group column.</param>
    /// <returns>The findings; empty when nothing leaks.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of a type the checks cannot read.</exception>
    public static LeakageReport CheckLeakage(this DataOperationsCatalog catalog, IDataView trainingData, IDataView testData, LeakageCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(trainingData);
        ArgumentNullException.ThrowIfNull(testData);
        var copy = (options ?? new LeakageCheckOptions()).Clone();
        copy.Validate();
        var report = LeakageChecks.Run(trainingData, testData, copy, "test");
        LogWarnings(catalog, "CheckLeakage", report);
        return report;
    }

    /// <summary>Writes each finding and note of <paramref name="report"/> to the log of the context behind <paramref name="catalog"/>; nothing when it cannot be reached.</summary>
    internal static void LogWarnings(object catalog, string channelName, LeakageReport report)
    {
        if (!report.HasLeakage && report.Notes.Count == 0)
            return;
        if (MLNetInternals.EnvironmentOf(catalog, out _) is not { } environment)
            return;
        using IChannel channel = environment.Register("Leakage").Start(channelName);
        foreach (var finding in report.Findings)
            channel.Warning(MessageSensitivity.None, "{0}", finding.Message);
        foreach (string note in report.Notes)
            channel.Warning(MessageSensitivity.None, "{0}", note);
    }
}
