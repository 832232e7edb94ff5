using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNetDeep.Checkpoints;

/// <summary>
/// Everything that decides how one ensemble member's training continues, captured into checkpoint sections and put back:
/// the weights, the optimizer's state, the random generators, the parts with state (schedule, mixed precision, mixup),
/// every callback's state (through <see cref="TrainingCallback.OnSaveCheckpoint"/>) and the history.
/// </summary>
/// <param name="network">The float32 network the optimizer updates.</param>
/// <param name="optimizer">Its optimizer.</param>
/// <param name="generators">The member's device generators, by name.</param>
/// <param name="parts">The training parts with state, by name.</param>
/// <param name="callbacks">The built-in and user callbacks (not the fit's monitor or the checkpoint writer).</param>
internal sealed class MemberState(
    nn.Module network, optim.Optimizer optimizer, IReadOnlyList<(string Name, Generator Generator)> generators,
    IReadOnlyList<(string Name, ICheckpointPart Part)> parts, IReadOnlyList<TrainingCallback> callbacks)
{
    public const string NetworkSection = "network";
    public const string HistorySection = "history";

    public List<KeyValuePair<string, byte[]>> Capture(TrainingContext context)
    {
        var sections = new List<KeyValuePair<string, byte[]>>
        {
            new(NetworkSection, TensorBytes.Write(TensorBytes.StateOf(network))),
            new("optimizer", OptimizerState()),
            new(HistorySection, HistoryJson.Write(context.History)),
        };
        foreach (var (name, generator) in generators)
            sections.Add(new("generator/" + name, TensorBytes.GeneratorState(generator)));
        foreach (var (name, part) in parts)
        {
            var state = new CheckpointState();
            part.Save(state);
            sections.Add(new("part/" + name, state.ToBytes()));
        }
        for (int i = 0; i < callbacks.Count; i++)
        {
            var state = new CheckpointState();
            callbacks[i].OnSaveCheckpoint(context, state);
            sections.Add(new(CallbackSection(i), state.ToBytes()));
        }
        return sections;
    }

    /// <summary>Puts a checkpoint's state back; call it after the callbacks' <see cref="TrainingCallback.OnTrainBegin"/>.</summary>
    public void Restore(IReadOnlyDictionary<string, byte[]> sections, CheckpointMeta meta, TrainingContext context)
    {
        TensorBytes.ReadInto(Required(sections, NetworkSection), TensorBytes.StateOf(network), "network");
        using (var reader = new BinaryReader(new MemoryStream(Required(sections, "optimizer"))))
            Helper().load_state_dict(reader);
        HistoryJson.ReadInto(Required(sections, HistorySection), context.History);
        foreach (var (name, generator) in generators)
            TensorBytes.RestoreGenerator(generator, Required(sections, "generator/" + name));
        foreach (var (name, part) in parts)
            part.Restore(CheckpointState.FromBytes(Required(sections, "part/" + name)));
        context.Epoch = meta.Epoch;
        context.Step = meta.Step;
        context.StopTraining = meta.StopTraining;
        for (int i = 0; i < callbacks.Count; i++)
        {
            if (sections.TryGetValue(CallbackSection(i), out var bytes))
                callbacks[i].OnRestoreCheckpoint(context, CheckpointState.FromBytes(bytes));
            else
                context.History.AddNote($"The checkpoint has no state for callback {i + 1} ({callbacks[i].GetType().Name}); it continues from a fresh start.");
        }
    }

    private string CallbackSection(int index) => $"callback/{index}/{callbacks[index].GetType().FullName}";

    private byte[] OptimizerState()
    {
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory))
            Helper().save_state_dict(writer);
        return memory.ToArray();
    }

    private OptimizerHelper Helper() => optimizer as OptimizerHelper
        ?? throw new NotSupportedException($"The optimizer {optimizer.GetType().Name} cannot save its state for a checkpoint.");

    private static byte[] Required(IReadOnlyDictionary<string, byte[]> sections, string name) => sections.TryGetValue(name, out var bytes) ? bytes
        : throw new InvalidDataException($"The checkpoint has no '{name}' section; it was written for another configuration.");
}
