namespace MLNetDeep.Snapshots;

/// <summary>
/// One member of a TabM network as the plain MLP it computes: an ensemble layer's member i is the dense layer with
/// weight diag(sᵢ)·W·diag(rᵢ) and bias bᵢ, its output layer member i's own. Exporting the k slices as an ensemble gives the
/// same predictions as the TabM graph (a second, independent path for checks), and a slice scores one member alone.
/// </summary>
internal static class TabMSlicing
{
    /// <summary>Member <paramref name="member"/> of <paramref name="network"/> as a plain network (a plain network is returned unchanged).</summary>
    public static NetworkSnapshot Member(NetworkSnapshot network, int member)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (!network.HasMemberAxis)
            return network;
        ArgumentOutOfRangeException.ThrowIfNegative(member);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(member, network.MemberCount);
        return network with { Layers = [.. network.Layers.Select(layer => Slice(layer, member))] };
    }

    /// <summary>Every member of <paramref name="network"/> as a plain network.</summary>
    public static IReadOnlyList<NetworkSnapshot> Members(NetworkSnapshot network) =>
        [.. Enumerable.Range(0, network.MemberCount).Select(m => Member(network, m))];

    private static SnapshotLayer Slice(SnapshotLayer layer, int m) => layer switch
    {
        EnsembleDenseLayer e => SliceDense(e, m),
        MemberDenseLayer heads => new DenseLayer(heads.Inputs, heads.Outputs,
            heads.Weight[(m * heads.Outputs * heads.Inputs)..((m + 1) * heads.Outputs * heads.Inputs)],
            heads.Bias[(m * heads.Outputs)..((m + 1) * heads.Outputs)]),
        ResidualLayer => throw new NotSupportedException("A TabM network has no residual blocks."),
        _ => layer,
    };

    private static DenseLayer SliceDense(EnsembleDenseLayer e, int m)
    {
        var weight = new float[e.Outputs * e.Inputs];
        for (int o = 0; o < e.Outputs; o++)
        {
            float s = e.OutputScale?[(m * e.Outputs) + o] ?? 1f;
            for (int i = 0; i < e.Inputs; i++)
                weight[(o * e.Inputs) + i] = s * e.Weight[(o * e.Inputs) + i] * (e.InputScale?[(m * e.Inputs) + i] ?? 1f);
        }
        float[] bias = e.Bias.Length == e.Outputs ? (float[])e.Bias.Clone() : e.Bias[(m * e.Outputs)..((m + 1) * e.Outputs)];
        return new DenseLayer(e.Inputs, e.Outputs, weight, bias);
    }
}
