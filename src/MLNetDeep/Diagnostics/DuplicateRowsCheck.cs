using static MLNetDeep.Diagnostics.SetupChecks;

namespace MLNetDeep.Diagnostics;

/// <summary>
/// Check 4d: validation rows identical to a training row (features and label, through <see cref="DuplicateRows"/>)
/// make the validation loss and metric (and early stopping) optimistic; the check warns when there are any.
/// </summary>
internal static class DuplicateRowsCheck
{
    public static SetupFinding Run(SetupContext context)
    {
        var counts = new DuplicateRows(context.Data.Training).CountIn(context.Data.Validation);
        double share = counts.Rows == 0 ? 0 : counts.Duplicated / (double)counts.Rows;
        var figures = new Dictionary<string, double>
        {
            ["validation rows"] = counts.Rows,
            ["duplicated validation rows"] = counts.Duplicated,
            ["distinct duplicated rows"] = counts.Distinct,
            ["duplicated share"] = share,
        };
        if (counts.Duplicated == 0)
            return new SetupFinding(SetupCheckNames.DuplicateRows, SetupStatus.Pass, $"none of the {counts.Rows} validation rows equals a training row", figures);
        return new SetupFinding(SetupCheckNames.DuplicateRows, SetupStatus.Warn,
            $"{counts.Duplicated} of {counts.Rows} validation rows ({F(share, "P1")}) equal a training row (features and label; {counts.Distinct} distinct), "
            + $"e.g. validation rows {string.Join(", ", counts.Examples.Take(5))}", figures,
            "Remove duplicate rows before splitting, or keep copies on one side: TrainTestSplit(..., samplingKeyColumnName: a column that identifies the copies).");
    }
}
