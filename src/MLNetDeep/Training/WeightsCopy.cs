using static TorchSharp.torch;

namespace MLNetDeep.Training;

/// <summary>
/// A copy of a network's parameters and buffers, outside every dispose scope, that can be put back later (early
/// stopping's best epoch, the divergence guard's last finite epoch). Dispose it to free the copy.
/// </summary>
internal sealed class WeightsCopy : IDisposable
{
    private Tensor[]? _state;

    /// <summary>Whether a copy is held.</summary>
    public bool HasCopy => _state is not null;

    /// <summary>Replaces the copy with the network's current parameters and buffers.</summary>
    public void Take(nn.Module network)
    {
        Dispose();
        using var scope = NewDisposeScope();
        _state = [.. StateOf(network).Select(t => t.detach().clone().DetachFromDisposeScope())];
    }

    /// <summary>Copies the held weights back into <paramref name="network"/>.</summary>
    public void RestoreInto(nn.Module network)
    {
        var state = _state ?? throw new InvalidOperationException("No weights were copied.");
        using var _ = no_grad();
        var targets = StateOf(network);
        for (int i = 0; i < targets.Length; i++)
            targets[i].copy_(state[i]);
    }

    /// <summary>The copy as bytes for a checkpoint (empty when none is held).</summary>
    public byte[] ToBytes() => _state is null ? [] : Checkpoints.TensorBytes.Write(_state);

    /// <summary>Replaces the copy with one read from <see cref="ToBytes"/>'s output, shaped like <paramref name="network"/>'s weights.</summary>
    public void FromBytes(nn.Module network, byte[] bytes)
    {
        Dispose();
        if (bytes.Length == 0)
            return;
        Take(network);
        Checkpoints.TensorBytes.ReadInto(bytes, _state!, "copy of the weights");
    }

    public void Dispose()
    {
        if (_state is null)
            return;
        foreach (var t in _state)
            t.Dispose();
        _state = null;
    }

    private static Tensor[] StateOf(nn.Module network) => Checkpoints.TensorBytes.StateOf(network);
}
