using TorchSharp;

namespace MLNetDeep.Training;

/// <summary>Maps <see cref="TrainingDevice"/>, <c>GpuDeviceId</c> and <c>FallbackToCpu</c> to a TorchSharp device.</summary>
internal static class DeviceSelector
{
    /// <summary>The device to train on; notes in <paramref name="history"/> any fallback to the CPU.</summary>
    public static torch.Device Resolve(DeepMlpOptionsBase options, TrainingHistory history) =>
        Resolve(options, history, torch.cuda.is_available() ? torch.cuda.device_count() : 0);

    /// <param name="options">The trainer options.</param>
    /// <param name="history">Receives a note when training falls back to the CPU.</param>
    /// <param name="cudaDevices">CUDA devices visible to TorchSharp (0 with the CPU backend).</param>
    internal static torch.Device Resolve(DeepMlpOptionsBase options, TrainingHistory history, int cudaDevices)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(history);
        if (options.Device == TrainingDevice.Cpu)
            return torch.CPU;

        int id = options.GpuDeviceId ?? 0;
        if (id < cudaDevices)
            return new torch.Device(DeviceType.CUDA, id);

        string problem = cudaDevices == 0
            ? "no CUDA device is available: either MLNetDeep was built with the CPU TorchSharp backend (the default; build with "
                + "-p:TorchBackend=cuda on a machine with an NVIDIA GPU and driver) or no GPU is visible"
            : $"GpuDeviceId is {id}, but only {cudaDevices} CUDA device(s) are visible (ids 0 to {cudaDevices - 1})";
        if (options.Device == TrainingDevice.Auto && options.GpuDeviceId is null)
            return torch.CPU;
        if (options.Device == TrainingDevice.Auto || options.FallbackToCpu)
        {
            history.AddNote($"Trained on the CPU: Device is {options.Device}, but {problem}.");
            return torch.CPU;
        }
        throw new InvalidOperationException($"Device is Cuda, but {problem}. "
            + "Set FallbackToCpu = true (or Device = TrainingDevice.Auto) to train on the CPU instead.");
    }
}
