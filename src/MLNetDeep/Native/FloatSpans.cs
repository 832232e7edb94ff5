using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace MLNetDeep.Native;

/// <summary>The elements of a contiguous float32 CPU tensor as a span over its native memory, for managed kernels.</summary>
internal static class FloatSpans
{
    /// <summary>Whether <see cref="Floats"/> can cover the tensor: contiguous float32 on the CPU, within a span's reach.</summary>
    public static bool CanSpan(Tensor tensor) =>
        tensor.device_type == TorchSharp.DeviceType.CPU && tensor.dtype == ScalarType.Float32 && tensor.is_contiguous()
        && tensor.numel() <= int.MaxValue / sizeof(float);

    /// <summary>The tensor's elements, read and written in place (the caller checks <see cref="CanSpan"/>).</summary>
    public static Span<float> Floats(Tensor tensor) => MemoryMarshal.Cast<byte, float>(tensor.bytes);

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
    public static Tensor NewTensor(ReadOnlySpan<float> values, long[] shape, Device? device = null)
    {
        long count = shape.Aggregate(1L, (product, size) => product * size);
        if (count != values.Length)
            throw new ArgumentException($"A tensor of shape [{string.Join(", ", shape)}] holds {count} values, not {values.Length}.", nameof(shape));
        var cpu = empty(shape, ScalarType.Float32, device: CPU);
        values.CopyTo(Floats(cpu));
        if (device is null || device.type == TorchSharp.DeviceType.CPU)
            return cpu;
        using (cpu)
            return cpu.to(device);
    }
}
