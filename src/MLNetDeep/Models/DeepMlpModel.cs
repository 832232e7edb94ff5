using MLNetDeep.Snapshots;

namespace MLNetDeep;

/// <summary>A trained network for <typeparamref name="TTask"/>, as the fitted transformer holds it.</summary>
/// <typeparam name="TTask">The task the network was trained for.</typeparam>
public sealed class DeepMlpModel<TTask>
    where TTask : PredictionTask
{
    internal DeepMlpModel(EnsembleSnapshot network)
    {
        ArgumentNullException.ThrowIfNull(network);
        Task = network.Task as TTask
            ?? throw new ArgumentException($"The network was trained for {network.Task.Name}, not for the task {typeof(TTask).Name}.", nameof(network));
        Network = network;
    }

    /// <summary>The task, with what training learned about the label (class count, label scaling).</summary>
    public TTask Task { get; }

    /// <summary>The number of features the network reads.</summary>
    public int InputSize => Network.InputSize;

    /// <summary>The number of networks averaged (1 unless <see cref="DeepMlpOptionsBase.EnsembleSize"/> was larger).</summary>
    public int EnsembleSize => Network.Members.Count;

    internal EnsembleSnapshot Network { get; }
}
