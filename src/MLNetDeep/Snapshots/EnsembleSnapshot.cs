namespace MLNetDeep.Snapshots;

/// <summary>
/// Several trained networks for the same task and inputs, exported as one graph whose task head averages them
/// (binary: the probabilities; multiclass: the softmax probabilities; regression: the scores). An ensemble of one
/// member exports exactly as the member alone.
/// </summary>
internal sealed record EnsembleSnapshot
{
    public EnsembleSnapshot(IReadOnlyList<NetworkSnapshot> members)
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

        Members = [.. members];
    }

    /// <summary>The members, in the order their outputs are averaged.</summary>
    public IReadOnlyList<NetworkSnapshot> Members { get; }

    /// <summary>The features every member reads.</summary>
    public int InputSize => Members[0].InputSize;

    /// <summary>The task every member was trained for.</summary>
    public PredictionTask Task => Members[0].Task;

    /// <summary>An ensemble of one network.</summary>
    public static EnsembleSnapshot Of(NetworkSnapshot network) => new([network]);
}
