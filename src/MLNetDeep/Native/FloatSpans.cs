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
}
