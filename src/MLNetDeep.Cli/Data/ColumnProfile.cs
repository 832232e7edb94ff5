namespace MLNetDeep.Cli.Data;

/// <summary>What the inference found for one column of the dataset.</summary>
/// <param name="Name">The column name in the header.</param>
/// <param name="Index">The 0-based column position.</param>
/// <param name="Kind">How it is featurized.</param>
/// <param name="DistinctCount">Distinct non-missing values.</param>
/// <param name="MissingCount">Missing values (empty, NA, N/A, NaN, null or ?).</param>
/// <param name="Reason">Why this kind: "inferred: ..." or "from --column".</param>
public sealed record ColumnProfile(string Name, int Index, ColumnKind Kind, int DistinctCount, int MissingCount, string Reason)
{
    /// <summary>Categorical columns with more distinct values than this are hashed instead of one-hot encoded.</summary>
    public const int OneHotLimit = 100;

    /// <summary>How the column is featurized, in words.</summary>
    public string Featurization => Kind switch
    {
        ColumnKind.Numeric => MissingCount > 0 ? "mean-imputed + missing indicator, normalized" : "normalized",
        ColumnKind.Categorical => DistinctCount <= OneHotLimit ? "one-hot" : "hashed (10 bits), one-hot",
        ColumnKind.Text => "text n-grams",
        _ => "-",
    };
}
