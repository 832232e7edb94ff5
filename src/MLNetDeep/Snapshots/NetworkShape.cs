namespace MLNetDeep.Snapshots;

/// <summary>The architecture a <see cref="NetworkSnapshot"/> encodes, read back from its layers.</summary>
/// <param name="HiddenLayerSizes">The hidden widths, input side first.</param>
/// <param name="OutputSize">The output layer's width.</param>
/// <param name="Activation">The hidden activation; null without hidden layers.</param>
/// <param name="Normalization">The hidden normalization.</param>
/// <param name="Residual">Whether any hidden layer is a residual block.</param>
/// <param name="ParameterCount">Weights, biases, scalings and normalization scales and shifts (running statistics are not parameters).</param>
/// <param name="Architecture">The network family the layers show.</param>
/// <param name="Members">TabM's members k (1 for the other families).</param>
internal sealed record NetworkShape(
    IReadOnlyList<int> HiddenLayerSizes, int OutputSize, Activation? Activation, Normalization Normalization, bool Residual, long ParameterCount,
    Architecture Architecture, int Members)
{
    public static NetworkShape Of(NetworkSnapshot network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var dense = new List<LinearSnapshotLayer>();
        Activation? activation = null;
        var normalization = Normalization.None;
        bool residual = false;
        long parameters = 0;

        void Visit(IEnumerable<SnapshotLayer> layers)
        {
            foreach (var layer in layers)
            {
                switch (layer)
                {
                    case LinearSnapshotLayer d:
                        dense.Add(d);
                        parameters += d.ParameterCount;
                        break;
                    case ActivationLayer a:
                        activation ??= a.Kind;
                        break;
                    case BatchNormLayer b:
                        normalization = Normalization.BatchNorm;
                        parameters += b.Scale.LongLength + b.Shift.LongLength;
                        break;
                    case LayerNormLayer l:
                        normalization = Normalization.LayerNorm;
                        parameters += l.Scale.LongLength + l.Shift.LongLength;
                        break;
                    case ResidualLayer r:
                        residual = true;
                        Visit(r.Body);
                        break;
                    default:
                        throw new NotSupportedException($"Unknown snapshot layer {layer.GetType().Name}.");
                }
            }
        }

        Visit(network.Layers);
        if (dense.Count == 0)
            throw new ArgumentException("The network has no dense layer.", nameof(network));
        // TabM's first layer scales its outputs per member; TabM-mini's does not.
        var architecture = network.HasMemberAxis
            ? (((EnsembleDenseLayer)dense[0]).OutputScale is null ? Architecture.TabMMini : Architecture.TabM)
            : residual ? Architecture.ResNet : Architecture.Mlp;
        return new NetworkShape([.. dense.SkipLast(1).Select(d => d.Outputs)], dense[^1].Outputs, activation, normalization, residual, parameters,
            architecture, network.MemberCount);
    }
}
