namespace MLNetDeep.Cli.Data;

/// <summary>How a feature column is featurized (the values of <c>--column name:kind</c>).</summary>
public enum ColumnKind
{
    /// <summary>Numbers: missing values replaced by the training mean with an indicator column, then normalized.</summary>
    Numeric,

    /// <summary>Categories: one-hot encoded (up to 100 values in the training rows) or hashed to 1,024 slots (more).</summary>
    Categorical,

    /// <summary>Free text: ML.NET's text featurizer (word and character n-grams).</summary>
    Text,

    /// <summary>Not used (identifiers, constants, or columns the user excludes).</summary>
    Ignore,
}

/// <summary>The machine learning task (the values of <c>--task</c>).</summary>
public enum TaskKind
{
    /// <summary>Infer from the label column: two values → binary; text or up to 100 distinct integers → multiclass; other numbers → regression.</summary>
    Auto,

    /// <summary>Two classes; the label's larger value (in ordinal order; true, yes or 1 when present) is the positive class.</summary>
    Binary,

    /// <summary>Three or more classes, by name.</summary>
    Multiclass,

    /// <summary>A number.</summary>
    Regression,
}
