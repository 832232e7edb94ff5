using System.Collections;
using System.Globalization;
using MLNetDeep.Data;

namespace MLNetDeep;

/// <summary>
/// Holds out validation rows from the training data when <c>Fit</c> got no validation data and a split is asked for
/// (ValidationFraction, or early stopping): stratified by class for classification on cached data, a seeded coin flip
/// per row for streamed data. Every decision goes into the history notes.
/// </summary>
internal static class ValidationCarving
{
    /// <summary>The carved split: cached subsets, or a mask of held-out rows for streamed data; all null without a split.</summary>
    public sealed record Split(DataScan? TrainingScan, DataScan? ValidationScan, BitArray? HeldOut);

    public static Split Carve(DeepMlpOptionsBase o, DataScan scan, bool hasValidationData, int seed, TrainingHistory history)
    {
        if (hasValidationData)
        {
            if (o.ValidationFraction > 0)
                history.AddNote($"ValidationFraction = {o.ValidationFraction.Value.ToString(CultureInfo.InvariantCulture)} was ignored: validation data was passed to Fit.");
            return new Split(null, null, null);
        }
        double fraction = o.ValidationFraction ?? (o.EarlyStopping is not null ? 0.1 : 0);
        if (fraction <= 0)
        {
            if (o.EarlyStopping is { } e)
                throw new InvalidOperationException($"EarlyStopping monitors {e.Monitor}, but there is no validation data and ValidationFraction is 0. "
                    + "Make sure you have validation data: pass it to Fit(trainingData, validationData), or set ValidationFraction (e.g. 0.1) to hold out part of the training rows.");
            return new Split(null, null, null);
        }

        string share = fraction.ToString(CultureInfo.InvariantCulture);
        if (scan.IsCached)
        {
            (int[] train, int[] valid) = ValidationSplit.Stratified(scan.Labels!, scan.ClassCounts.Length, fraction, seed);
            if (train.Length == 0)
                throw new InvalidOperationException($"ValidationFraction = {share} leaves no training rows out of {scan.RowCount}. Lower ValidationFraction.");
            history.AddNote($"Validation data: {valid.Length} of the {scan.RowCount} training rows were held out (ValidationFraction = {share}, "
                + (scan.ClassCounts.Length > 0 ? "stratified by class" : "random") + $", seed {seed}); the model trained on the other {train.Length}.");
            return new Split(scan.Subset(train), scan.Subset(valid), null);
        }

        var heldOut = ValidationSplit.RandomMask(scan.RowCount, fraction, seed);
        long heldCount = heldOut.Cast<bool>().LongCount(b => b);
        if (heldCount == 0 || heldCount == scan.RowCount)
            throw new InvalidOperationException($"ValidationFraction = {share} of {scan.RowCount} streamed rows holds out {heldCount} rows. Choose a fraction that leaves rows on both sides.");
        history.AddNote($"Validation data: {heldCount} of the {scan.RowCount} streamed training rows were held out (ValidationFraction = {share}, a seeded coin flip "
            + $"per row, not stratified, seed {seed}); feature standardization, missing-value replacements and class counts still include them.");
        return new Split(null, null, heldOut);
    }
}
