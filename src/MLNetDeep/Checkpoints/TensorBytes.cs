using TorchSharp;
using static TorchSharp.torch;

namespace MLNetDeep.Checkpoints;

/// <summary>Exact byte images of tensors, of a network's parameters and buffers, and of random generators, for checkpoints.</summary>
internal static class TensorBytes
{
    /// <summary>The tensors' dtypes, shapes and values.</summary>
    public static byte[] Write(IReadOnlyList<Tensor> tensors)
    {
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory))
        {
            writer.Write(tensors.Count);
            foreach (var t in tensors)
            {
                using var scope = NewDisposeScope();   // detach() and cpu() each make a tensor handle
                t.detach().cpu().Save(writer);
            }
        }
        return memory.ToArray();
    }

    /// <summary>Copies the values <see cref="Write"/> stored into <paramref name="targets"/>, which must have the same count and shapes.</summary>
    public static void ReadInto(byte[] bytes, IReadOnlyList<Tensor> targets, string what)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        int count = reader.ReadInt32();
        if (count != targets.Count)
            throw new InvalidDataException($"The checkpoint's {what} has {count} tensors; the network being trained has {targets.Count}.");
        using var _ = no_grad();
        foreach (var target in targets)
        {
            using var loaded = TensorExtensionMethods.Load(reader);
            if (!loaded.shape.SequenceEqual(target.shape))
                throw new InvalidDataException($"The checkpoint's {what} has a tensor of shape [{string.Join(", ", loaded.shape)}] where the network has [{string.Join(", ", target.shape)}].");
            target.copy_(loaded);
        }
    }

    /// <summary>A network's parameters, then its buffers (batch-norm statistics).</summary>
    public static Tensor[] StateOf(nn.Module network) => [.. network.parameters(), .. network.buffers()];

    public static byte[] GeneratorState(Generator generator)
    {
        using var state = generator.get_state();
        return state.bytes.ToArray();   // a contiguous CPU byte tensor; data<byte>().ToArray() would box each byte
    }

    public static void RestoreGenerator(Generator generator, byte[] state)
    {
        using var tensor = torch.tensor(state, dtype: ScalarType.Byte);
        generator.set_state(tensor);
    }
}
