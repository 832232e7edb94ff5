using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace MLNetDeep.Native;

/// <summary>The elements of a contiguous float32 CPU tensor as a span over its native memory, for managed kernels.</summary>
internal static class FloatSpans
{
    /// <summary>The tensor's elements, read and written in place (the caller checks dtype, device and contiguity).</summary>
    public static Span<float> Floats(Tensor tensor) => MemoryMarshal.Cast<byte, float>(tensor.bytes);
}
