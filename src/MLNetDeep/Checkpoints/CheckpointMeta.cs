using System.Globalization;
using System.Text.Json;

namespace MLNetDeep.Checkpoints;

/// <summary>What a checkpoint says about itself: where in the fit it was written and what fit it belongs to.</summary>
/// <param name="Member">0-based ensemble member being trained.</param>
/// <param name="Epoch">Epochs the member had finished.</param>
/// <param name="Step">Optimizer steps the member had taken.</param>
/// <param name="StopTraining">Whether training was ending (early stopping, divergence restore).</param>
/// <param name="IsBest">Whether this is the on-best checkpoint rather than an every-N-epochs one.</param>
/// <param name="Seed">The fit's seed.</param>
/// <param name="Task">The task's name.</param>
/// <param name="ClassCount">Classes of the label (0 for regression).</param>
/// <param name="FeatureCount">Width of the feature column.</param>
/// <param name="DataFingerprint">See <see cref="DataFingerprint"/>.</param>
/// <param name="Device">The device type trained on (<c>cpu</c>, <c>cuda</c>): random generator states belong to it.</param>
/// <param name="InitialModel">The hash of a warm start's initial model (<see cref="SnapshotHash"/>), or null.</param>
/// <param name="Options">See <see cref="OptionsRecord"/>.</param>
/// <param name="Library">The MLNetDeep version that wrote it.</param>
/// <param name="Written">When it was written.</param>
internal sealed record CheckpointMeta(
    int Member, int Epoch, long Step, bool StopTraining, bool IsBest, int Seed, string Task, int ClassCount, int FeatureCount,
    string DataFingerprint, string Device, string? InitialModel, SortedDictionary<string, string> Options, string Library, DateTimeOffset Written)
{
    public const string Section = "meta";

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this);

    public static CheckpointMeta From(IReadOnlyDictionary<string, byte[]> sections, string path) =>
        sections.TryGetValue(Section, out var bytes) && JsonSerializer.Deserialize<CheckpointMeta>(bytes) is { } meta ? meta
            : throw new InvalidDataException($"'{path}' has no readable '{Section}' section.");

    /// <summary>"epoch 3" or "member 2, epoch 3".</summary>
    public string Position(int memberCount) => memberCount > 1
        ? string.Create(CultureInfo.InvariantCulture, $"member {Member + 1}, epoch {Epoch}")
        : string.Create(CultureInfo.InvariantCulture, $"epoch {Epoch}");
}
