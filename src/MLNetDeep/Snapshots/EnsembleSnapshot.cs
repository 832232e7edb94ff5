namespace MLNetDeep.Snapshots;

/// <summary>
/// Several trained networks for the same task and inputs, exported as one graph whose task head averages them
/// (binary: the probabilities; multiclass: the softmax probabilities; regression: the scores). An ensemble of one
/// member exports exactly as the member alone. With <see cref="Imputation"/>, the graph first fills missing values and
/// appends the missing-value indicators, and the members read those <see cref="Data.MissingValueImputation.OutputCount"/> values.
/// </summary>
internal sealed record EnsembleSnapshot
{
    public EnsembleSnapshot(IReadOnlyList<NetworkSnapshot> members, Data.MissingValueImputation? imputation = null)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0)
            throw new ArgumentException("An ensemble needs at least one member.", nameof(members));
        NetworkSnapshot first = members[0];
        for (int i = 1; i < members.Count; i++)
        {
            NetworkSnapshot member = members[i];
            if (member.InputSize != first.InputSize)
                throw new ArgumentException($"Ensemble member {i} reads {member.InputSize} features, but member 0 reads {first.InputSize}.", nameof(members));
            if (member.Task != first.Task)
                throw new ArgumentException($"Ensemble member {i} has task {member.Task}, but member 0 has {first.Task}.", nameof(members));
        }

        if (imputation is not null && imputation.OutputCount != first.InputSize)
            throw new ArgumentException($"The missing-value imputation gives {imputation.OutputCount} inputs, but the members read {first.InputSize}.", nameof(imputation));
        Members = [.. members];
        Imputation = imputation;
    }

    /// <summary>The members, in the order their outputs are averaged.</summary>
    public IReadOnlyList<NetworkSnapshot> Members { get; }

    /// <summary>The values every member reads: the features, plus any missing-value indicators.</summary>
    public int InputSize => Members[0].InputSize;

    /// <summary>The missing-value imputation applied before the members, or null (<see cref="MissingValueHandling.Error"/>, and models saved before it existed).</summary>
    public Data.MissingValueImputation? Imputation { get; }

    /// <summary>The feature column's width: the graph's input.</summary>
    public int FeatureCount => Imputation?.FeatureCount ?? InputSize;

    /// <summary>The task every member was trained for.</summary>
    public PredictionTask Task => Members[0].Task;

    /// <summary>An ensemble of one network.</summary>
    public static EnsembleSnapshot Of(NetworkSnapshot network, Data.MissingValueImputation? imputation = null) => new([network], imputation);
}
