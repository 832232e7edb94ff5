using System.Runtime.InteropServices;

namespace MLNetDeep.Training;

/// <summary>
/// Turns on LibTorch's deterministic-algorithms mode (what <c>torch.use_deterministic_algorithms(True)</c> does in
/// PyTorch) while at least one scope is open, and restores the previous setting when the last one closes. The
/// setting is process-wide in LibTorch, so scopes of concurrent fits are counted rather than each restoring on
/// its own.
/// </summary>
/// <remarks>
/// TorchSharp 0.107 declares <c>torch.use_deterministic_algorithms</c> but marks it "not implemented", so this
/// calls <c>at::Context::setDeterministicAlgorithms</c> in libtorch_cpu directly (Itanium C++ ABI: Linux and
/// macOS). Elsewhere opening a scope fails with a clear message.
/// </remarks>
internal sealed unsafe class DeterministicAlgorithmsScope : IDisposable
{
    private static readonly Lock Gate = new();
    private static int s_open;
    private static bool s_previous;
    private bool _closed;

    private DeterministicAlgorithmsScope()
    {
    }

    /// <summary>Whether LibTorch's deterministic-algorithms mode is on now.</summary>
    public static bool IsEnabled => LibTorch.Get();

    public static DeterministicAlgorithmsScope Open()
    {
        lock (Gate)
        {
            if (s_open == 0)
            {
                s_previous = LibTorch.Get();
                LibTorch.Set(true);
            }
            s_open++;
        }
        return new DeterministicAlgorithmsScope();
    }

    public void Dispose()
    {
        lock (Gate)
        {
            if (_closed)
                return;
            _closed = true;
            if (--s_open == 0)
                LibTorch.Set(s_previous);
        }
    }

    /// <summary>The two <c>at::Context</c> members, found once in the loaded libtorch_cpu.</summary>
    private static class LibTorch
    {
        private static readonly delegate* unmanaged<IntPtr> GlobalContext;
        private static readonly delegate* unmanaged<IntPtr, byte, byte, void> SetDeterministic;
        private static readonly delegate* unmanaged<IntPtr, byte> GetDeterministic;
        private static readonly string? Missing;

        static LibTorch()
        {
            string[] names = OperatingSystem.IsMacOS() ? ["libtorch_cpu.dylib", "torch_cpu"] : ["libtorch_cpu.so", "torch_cpu"];
            IntPtr handle = IntPtr.Zero;
            foreach (string name in names)
            {
                if (NativeLibrary.TryLoad(name, typeof(LibTorch).Assembly, null, out handle))
                    break;
            }
            if (handle == IntPtr.Zero
                || !NativeLibrary.TryGetExport(handle, "_ZN2at13globalContextEv", out IntPtr context)
                || !NativeLibrary.TryGetExport(handle, "_ZN2at7Context26setDeterministicAlgorithmsEbb", out IntPtr set)
                || !NativeLibrary.TryGetExport(handle, "_ZNK2at7Context23deterministicAlgorithmsEv", out IntPtr get))
            {
                Missing = "DeterministicAlgorithms = true is not supported here: TorchSharp does not implement torch.use_deterministic_algorithms, "
                    + "and LibTorch's at::Context::setDeterministicAlgorithms was not found in libtorch_cpu (only Linux and macOS builds are supported). "
                    + "Set DeterministicAlgorithms = false; seeded CPU fits are reproducible without it.";
                return;
            }
            GlobalContext = (delegate* unmanaged<IntPtr>)context;
            SetDeterministic = (delegate* unmanaged<IntPtr, byte, byte, void>)set;
            GetDeterministic = (delegate* unmanaged<IntPtr, byte>)get;
        }

        public static bool Get()
        {
            ThrowIfMissing();
            return GetDeterministic(GlobalContext()) != 0;
        }

        public static void Set(bool enabled)
        {
            ThrowIfMissing();
            SetDeterministic(GlobalContext(), enabled ? (byte)1 : (byte)0, 0);
        }

        private static void ThrowIfMissing()
        {
            if (Missing is not null)
                throw new PlatformNotSupportedException(Missing);
        }
    }
}
