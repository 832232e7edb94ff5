using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace MLNetDeep.Native;

/// <summary>
/// Float32 CPU tensors for managed kernels: a contiguous tensor's elements as a span over its native memory, any
/// tensor's elements copied into a float array, and new tensors and buffers in libtorch's own memory.
/// </summary>
internal static class FloatSpans
{
    /// <summary>Whether <see cref="Floats"/> can cover the tensor: contiguous float32 on the CPU, within a span's reach.</summary>
    public static bool CanSpan(Tensor tensor) =>
        tensor.device_type == TorchSharp.DeviceType.CPU && tensor.dtype == ScalarType.Float32 && tensor.is_contiguous()
        && tensor.numel() <= MaxSpanFloats;

    /// <summary>The tensor's elements, read and written in place (the caller checks <see cref="CanSpan"/>).</summary>
    public static Span<float> Floats(Tensor tensor) => MemoryMarshal.Cast<byte, float>(tensor.bytes);

    /// <summary>
    /// A copy of a tensor's elements as float32 in row-major order, from any device and type. TorchSharp's
    /// <c>data&lt;float&gt;().ToArray()</c> copies a tensor of one dimension element by element through a boxing
    /// <c>Array.SetValue</c>: slow on a per-step path, and its garbage, once per batch, let a 1M-row evaluation pass grow
    /// the process by over a gigabyte before a collection ran.
    /// </summary>
    public static float[] ToFloatArray(Tensor tensor)
    {
        if (CanSpan(tensor))
            return Floats(tensor).ToArray();
        using var scope = NewDisposeScope();
        return Floats(tensor.detach().to_type(ScalarType.Float32).cpu().contiguous()).ToArray();
    }

    /// <summary>
    /// A new float32 tensor holding <paramref name="values"/> in libtorch's own memory (64-byte aligned on the CPU), then
    /// moved to <paramref name="device"/>. <c>torch.tensor(float[])</c> instead wraps a pinned managed copy, which the
    /// runtime places only 8-byte aligned; libtorch's CPU matrix products round differently at different alignments, so
    /// a seeded fit's figures (validation losses, streamed batches) would change in their last bits from run to run with
    /// where the garbage collector put the array.
    /// </summary>
    /// <param name="values">The elements in row-major order.</param>
    /// <param name="shape">The tensor's shape; its elements must number <paramref name="values"/>' length.</param>
    /// <param name="device">Where the tensor lives (the CPU when null).</param>
    public static Tensor NewTensor(ReadOnlySpan<float> values, long[] shape, Device? device = null) =>
        NewTensor(values, shape, device, MaxSpanFloats);

    /// <summary>The most floats one span over a tensor's bytes holds (TorchSharp's <c>bytes</c> stops at int.MaxValue bytes).</summary>
    private const int MaxSpanFloats = int.MaxValue / sizeof(float);

    /// <summary><see cref="NewTensor(ReadOnlySpan{float}, long[], Device?)"/>, copying at most <paramref name="chunkFloats"/> floats at a time.</summary>
    internal static Tensor NewTensor(ReadOnlySpan<float> values, long[] shape, Device? device, int chunkFloats)
    {
        long count = shape.Aggregate(1L, (product, size) => product * size);
        if (count != values.Length)
            throw new ArgumentException($"A tensor of shape [{string.Join(", ", shape)}] holds {count} values, not {values.Length}.", nameof(shape));
        var cpu = empty(shape, ScalarType.Float32, device: CPU);
        try
        {
            using var flat = cpu.view(-1);
            for (int start = 0; start < values.Length; start += chunkFloats)
            {
                int length = Math.Min(chunkFloats, values.Length - start);
                using var chunk = flat.narrow(0, start, length);
                values.Slice(start, length).CopyTo(Floats(chunk));
            }
            if (device is null || device.type == TorchSharp.DeviceType.CPU)
                return cpu;
            using (cpu)
                return cpu.to(device);
        }
        catch
        {
            cpu.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A new float32 CPU tensor (contents undefined) that its caller owns and disposes, not the dispose scope it is made
    /// in: a buffer kept across batches.
    /// </summary>
    public static Tensor NewBuffer(long[] shape)
    {
        var buffer = empty(shape, ScalarType.Float32, device: CPU);
        buffer.DetachFromDisposeScope();
        return buffer;
    }
}
