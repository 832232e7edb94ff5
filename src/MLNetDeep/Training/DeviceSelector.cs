using TorchSharp;

namespace MLNetDeep.Training;

/// <summary>Maps <see cref="TrainingDevice"/> to a TorchSharp device.</summary>
internal static class DeviceSelector
{
    public static torch.Device Resolve(TrainingDevice requested)
    {
        bool cuda = torch.cuda.is_available();
        return requested switch
        {
            TrainingDevice.Cpu => torch.CPU,
            TrainingDevice.Auto => cuda ? torch.CUDA : torch.CPU,
            _ when cuda => torch.CUDA,
            _ => throw new InvalidOperationException(
                "Device is Cuda, but no CUDA device is available: either MLNetDeep was built with the CPU TorchSharp backend "
                + "(the default; build with -p:TorchBackend=cuda on a machine with an NVIDIA GPU and driver) or no GPU is visible. "
                + "Set Device = TrainingDevice.Auto to fall back to the CPU."),
        };
    }
}
