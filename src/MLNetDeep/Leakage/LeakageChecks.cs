using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Data;
using MLNetDeep.Diagnostics;
using static MLNetDeep.Diagnostics.SetupChecks;

namespace MLNetDeep.Leakage;

/// <summary>
/// The leakage checks between a training set and a held-out set. Duplicate rows go through <see cref="DuplicateRows"/>
/// and the single-feature score through <see cref="SingleFeatureLeakCheck.Score"/>, the implementations <c>CheckSetup</c>
/// uses; the group-span check lives only here.
/// </summary>
internal static class LeakageChecks
{
    /// <summary>Rows read into memory at most, per set (as CheckSetup reads them).</summary>
    private const long CacheCapBytes = 1024L * 1024 * 1024;

    /// <summary>The sample seed of the single-feature score (CheckSetup's with seed 0).</summary>
    private const int SampleSeed = 3;

    /// <summary>Runs every check the options ask for; <paramref name="heldOutName"/> names the second set in messages ("test", "validation").</summary>
    public static LeakageReport Run(IDataView training, IDataView heldOut, LeakageCheckOptions options, string heldOutName)
    {
        var findings = new List<LeakageFinding>();
        var checks = new List<string>();
        if (options.FeatureColumnName is not null)
        {
            findings.AddRange(Features(training, [new HeldOutSet(heldOut, heldOutName)], options.LabelColumnName, options.FeatureColumnName));
            checks.Add($"training vs {heldOutName}: duplicate rows and single-feature scores on '{options.FeatureColumnName}' and '{options.LabelColumnName}'");
        }
        if (options.GroupColumnName is { } group)
        {
            findings.AddRange(GroupSpan(training, heldOut, group, heldOutName));
            checks.Add($"training vs {heldOutName}: groups of '{group}'");
        }
        return new LeakageReport(findings, checks, []);
    }

    /// <summary>
    /// Single features that almost predict the training label, then the rows of each held-out set equal to a training
    /// row; the training rows are read once. With <paramref name="notes"/>, a held-out set whose rows cannot be read
    /// gets a note there and the other checks go on; without, the error propagates.
    /// </summary>
    public static List<LeakageFinding> Features(IDataView training, IReadOnlyList<HeldOutSet> heldOut, string labelColumnName, string featureColumnName, List<string>? notes = null)
    {
        var task = TaskOf(training.Schema, labelColumnName);
        var options = new DeepMlpRegressionTrainer.Options { LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName };
        var trainingColumns = TrainingColumns.Resolve(training.Schema, options, task, "training data");
        using var trainingScan = Scan(training, trainingColumns, "training");
        var trainingRows = RowSet.Of(trainingScan, trainingColumns.FeatureCount);

        var findings = new List<LeakageFinding>();
        string[] names = trainingColumns.SlotNames();
        // Features are scored as the network sees them: missing values imputed, each indicator a feature of its own.
        var imputation = trainingScan.Slots.Missing.Any(n => n > 0)
            ? MissingValueImputation.Learn(trainingScan.Slots, trainingScan.Features, names, featureColumnName, allowEmptySlots: true)
            : null;
        if (imputation is not null)
            names = imputation.InputNames(names);
        var scoredRows = RowSet.Of(trainingScan, trainingColumns.FeatureCount, imputation);
        int[] sample = SetupData.SampleRows(scoredRows.Count, SingleFeatureLeakCheck.MaxRows, SampleSeed);
        var scores = SingleFeatureLeakCheck.Score(scoredRows, sample, trainingScan.ClassCounts.Length);
        if (scores.Flagged.Count > 0)
        {
            var described = scores.Flagged.Select(i => $"{names[i]} (slot {i}, {scores.ScoreName} {F(scores.Values[i])})").ToList();
            findings.Add(new LeakageFinding(LeakageKind.SingleFeature,
                $"{scores.Flagged.Count} feature(s) of '{featureColumnName}' predict the training label almost alone ({scores.ScoreName} >= {F(scores.Threshold)}): {List(described, 3)}. "
                + $"Check that {names[scores.Flagged[0]]} is known before the label (not derived from it or recorded after it); if it leaks the label, leave it out of the features.",
                described, new Dictionary<string, double> { ["best " + scores.ScoreName] = scores.Values[scores.Flagged[0]], ["features at or above threshold"] = scores.Flagged.Count }));
        }

        var duplicates = new DuplicateRows(trainingRows);
        foreach (var set in heldOut)
        {
            try
            {
                if (Duplicates(duplicates, set, trainingColumns, options, task) is { } finding)
                    findings.Add(finding);
            }
            catch (Exception e) when (notes is not null && e is ArgumentException or InvalidOperationException)
            {
                notes.Add($"The duplicate-row check of the {set.Name} rows did not run: {e.Message}");
            }
        }
        return findings;
    }

    /// <summary>The rows of <paramref name="set"/> equal to a training row; null when there are none.</summary>
    private static LeakageFinding? Duplicates(DuplicateRows duplicates, HeldOutSet set, TrainingColumns trainingColumns, DeepMlpRegressionTrainer.Options options, PredictionTask task)
    {
        string name = set.Name;
        var columns = trainingColumns.ResolveMatching(set.Data.Schema, options, task);
        using var scan = Scan(set.Data, columns, name);
        var counts = duplicates.CountIn(RowSet.Of(scan, columns.FeatureCount));
        if (counts.Duplicated == 0)
            return null;
        double share = counts.Duplicated / (double)counts.Rows;
        var examples = counts.Examples.Select(i => (set.SourceRows is { } rows ? rows[i] : i).ToString(CultureInfo.InvariantCulture)).ToList();
        string numbering = set.SourceRows is null ? "0-based" : "0-based row numbers in the data the workflow split";
        return new LeakageFinding(LeakageKind.DuplicateRows,
            $"{counts.Duplicated} of {counts.Rows} {name} rows ({F(share, "P1")}) equal a training row (features and label; {counts.Distinct} distinct training rows), "
            + $"e.g. {name} rows {string.Join(", ", examples.Take(5))} ({numbering}): their scores are memorized, not predicted. "
            + "Remove duplicate rows before splitting, or split by a column that identifies the copies (GroupColumnName).",
            examples, new Dictionary<string, double> { [name + " rows"] = counts.Rows, ["duplicated rows"] = counts.Duplicated, ["distinct training rows"] = counts.Distinct, ["duplicated share"] = share });
    }

    /// <summary>Groups (values of <paramref name="groupColumnName"/>) with rows in both sets.</summary>
    public static List<LeakageFinding> GroupSpan(IDataView training, IDataView heldOut, string groupColumnName, string heldOutName)
    {
        var trainingGroups = ColumnValues.ReadAsText(training, groupColumnName, nameof(LeakageCheckOptions.GroupColumnName), "the training data").ToHashSet(StringComparer.Ordinal);
        var heldOutGroups = ColumnValues.ReadAsText(heldOut, groupColumnName, nameof(LeakageCheckOptions.GroupColumnName), $"the {heldOutName} data");
        var shared = heldOutGroups.Where(trainingGroups.Contains).Distinct(StringComparer.Ordinal).ToList();
        if (shared.Count == 0)
            return [];
        int rows = heldOutGroups.Count(trainingGroups.Contains);
        int heldOutDistinct = heldOutGroups.Distinct(StringComparer.Ordinal).Count();
        return
        [
            new LeakageFinding(LeakageKind.GroupSpan,
                $"{shared.Count} of the {heldOutDistinct} groups of '{groupColumnName}' in the {heldOutName} rows also have training rows ({rows} {heldOutName} rows), "
                + $"e.g. {List(shared.Select(g => $"'{g}'"), 5)}: the model can recognize the group instead of generalizing to new ones. "
                + "Split by the group column so every group lies in one set (TestOnceOptions.GroupColumnName, or TrainTestSplit(..., samplingKeyColumnName)).",
                shared.Take(10).ToList(), new Dictionary<string, double> { ["shared groups"] = shared.Count, [heldOutName + " groups"] = heldOutDistinct, [heldOutName + " rows in shared groups"] = rows }),
        ];
    }

    /// <summary>The task the label's type implies: Boolean binary, a key multiclass, anything else regression (which checks it is Single).</summary>
    private static PredictionTask TaskOf(DataViewSchema schema, string labelColumnName) => schema.GetColumnOrNull(labelColumnName)?.Type switch
    {
        BooleanDataViewType => new BinaryClassificationTask(),
        KeyDataViewType => new MulticlassClassificationTask(),
        _ => new RegressionTask(),
    };

    private static DataScan Scan(IDataView data, TrainingColumns columns, string name)
    {
        var scan = DataScan.Run(data, columns, CacheCapBytes);
        if (!scan.IsCached)
        {
            scan.Dispose();
            throw new InvalidOperationException($"The leakage checks read the {name} rows into memory, but its {scan.RowCount} rows exceed {CacheCapBytes / (1024 * 1024)} MB. "
                + "Check samples: mlContext.Data.TakeRows(mlContext.Data.ShuffleRows(data, seed: 1), 100_000).");
        }
        return scan;
    }
}

/// <summary>A held-out set for <see cref="LeakageChecks.Features"/>: its rows, its name in messages, and optionally each row's 0-based number in the data it was split from.</summary>
internal sealed record HeldOutSet(IDataView Data, string Name, int[]? SourceRows = null);
