using System.Runtime.CompilerServices;
using TorchSharp;

namespace MLNetDeep.Native;

/// <summary>
/// Loads TorchSharp's native libraries once, turning a failure into one short message that says what to do. Trainers
/// call <see cref="EnsureAvailable"/> before their first use of TorchSharp.
/// </summary>
internal static class TorchRuntime
{
    // The outcome of the one load attempt: null on success, else the message to throw on every call.
    private static readonly Lazy<string?> s_loadFailure = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Makes sure libtorch is loaded. Thread-safe; the load runs once per process.</summary>
    /// <exception cref="PlatformNotSupportedException">The native libraries cannot load here; the message says why and what to install.</exception>
    public static void EnsureAvailable()
    {
        if (s_loadFailure.Value is { } message)
        {
            throw new PlatformNotSupportedException(message);
        }
    }

    private static string? Load()
    {
        // Checked before any TorchSharp type is touched: a libstdc++ that is too old makes TorchSharp fail with a long
        // trace of load attempts that never names the cause.
        if (OperatingSystem.IsLinux() && LibStdCxxProbe.InspectCurrentProcess() is { ProvidesRequired: false } report)
        {
            return LibStdCxxProbe.DescribeMissing(report);
        }
        try
        {
            InitializeTorch();
            return null;
        }
#pragma warning disable CA1031 // Any load failure becomes the one message; the caller gets it as PlatformNotSupportedException.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return DescribeLoadFailure(e);
        }
    }

    // Kept out of Load so that the JIT resolves TorchSharp types only after the libstdc++ check.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void InitializeTorch() => torch.InitializeDeviceType(DeviceType.CPU);

    /// <summary>The first line of the innermost error, with what to check. TorchSharp's own text lists every path it tried.</summary>
    internal static string DescribeLoadFailure(Exception error)
    {
        Exception cause = error;
        while (cause.InnerException is not null)
        {
            cause = cause.InnerException;
        }
        string firstLine = cause.Message.Split('\n', 2)[0].Trim();
        return $"TorchSharp could not load its native libraries: {firstLine} Make sure the application references " +
            "TorchSharp-cpu (the default) or, with -p:TorchBackend=cuda, the TorchSharp-cuda package for this OS, and that " +
            "its runtimes folder was copied next to the application.";
    }
}
