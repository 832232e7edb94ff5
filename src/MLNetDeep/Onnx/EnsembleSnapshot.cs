namespace MLNetDeep.Onnx;

/// <summary>
/// Several trained networks for the same task and inputs, exported as one graph that averages them: binary
/// classification averages the members' probabilities (Probability = mean sigmoid, Score = the logit of that mean),
/// multiclass averages the softmax probabilities (PredictedLabel = their arg-max), regression averages the scores
/// in label units. An ensemble of one member exports exactly as the member alone.
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
            bool sameTask = (first.Head, member.Head) switch
            {
                (BinaryHead, BinaryHead) or (RegressionHead, RegressionHead) => true,
                (MulticlassHead a, MulticlassHead b) => a.ClassCount == b.ClassCount,
                _ => false,
            };
            if (!sameTask)
                throw new ArgumentException($"Ensemble member {i} has head {member.Head}, but member 0 has {first.Head}.", nameof(members));
        }

        Members = [.. members];
    }

    /// <summary>The members, in the order their outputs are averaged.</summary>
    public IReadOnlyList<NetworkSnapshot> Members { get; }

    /// <summary>The features every member reads.</summary>
    public int InputSize => Members[0].InputSize;

    /// <summary>The task, as member 0's head (regression members apply their own label scaling before averaging).</summary>
    public NetworkHead Head => Members[0].Head;

    /// <summary>An ensemble of one network.</summary>
    public static EnsembleSnapshot Of(NetworkSnapshot network) => new([network]);
}
