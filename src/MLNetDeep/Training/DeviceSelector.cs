using TorchSharp;

namespace MLNetDeep.Training;

/// <summary>
/// Maps <see cref="TrainingDevice"/>, <c>GpuDeviceId</c> and <c>FallbackToCpu</c> to a TorchSharp device. The last two
/// come from the options when set, else from the <c>MLContext</c> the trainer came from.
/// </summary>
internal static class DeviceSelector
{
    /// <summary>The device to train on; notes in <paramref name="history"/> any fallback to the CPU.</summary>
    public static torch.Device Resolve(DeepMlpOptionsBase options, TrainerEnvironment environment, TrainingHistory history) =>
        Resolve(options, environment, history, torch.cuda.is_available() ? torch.cuda.device_count() : 0);

    /// <param name="options">The trainer options.</param>
    /// <param name="environment">The context's GpuDeviceId and FallbackToCpu, used where the options leave them unset.</param>
    /// <param name="history">Receives a note when training falls back to the CPU.</param>
    /// <param name="cudaDevices">CUDA devices visible to TorchSharp (0 with the CPU backend).</param>
    internal static torch.Device Resolve(DeepMlpOptionsBase options, TrainerEnvironment environment, TrainingHistory history, int cudaDevices)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(history);
        if (options.Device == TrainingDevice.Cpu)
            return torch.CPU;

        int? requested = options.GpuDeviceId ?? environment.GpuDeviceId;
        string idSource = options.GpuDeviceId is null && environment.GpuDeviceId is not null ? " (from MLContext.GpuDeviceId)" : "";
        bool fallback = options.FallbackToCpu ?? environment.FallbackToCpu ?? false;
        string fallbackSource = options.FallbackToCpu is null && environment.FallbackToCpu == true ? " (from MLContext.FallbackToCpu)" : "";

        int id = requested ?? 0;
        if (id < cudaDevices)
            return new torch.Device(DeviceType.CUDA, id);

        string problem = cudaDevices == 0
            ? "no CUDA device is available: either MLNetDeep was built with the CPU TorchSharp backend (the default; build with "
                + "-p:TorchBackend=cuda on a machine with an NVIDIA GPU and driver) or no GPU is visible"
            : $"GpuDeviceId is {id}{idSource}, but only {cudaDevices} CUDA device(s) are visible (ids 0 to {cudaDevices - 1})";
        if (options.Device == TrainingDevice.Auto && requested is null)
            return torch.CPU;
        if (options.Device == TrainingDevice.Auto || fallback)
        {
            history.AddNote($"Trained on the CPU{fallbackSource}: Device is {options.Device}, but {problem}.");
            return torch.CPU;
        }
        throw new InvalidOperationException($"Device is Cuda, but {problem}. "
            + "Set FallbackToCpu = true (in the options or on the MLContext, or Device = TrainingDevice.Auto) to train on the CPU instead.");
    }
}
