using System.Globalization;
using System.Reflection;
using static TorchSharp.torch;

namespace MLNetDeep.Checkpoints;

/// <summary>
/// A fit's checkpointing: the checkpoint it resumes from (<see cref="DeepMlpOptionsBase.ResumeFromCheckpoint"/>), checked
/// against the options, the columns and then the data, and the checkpoints it writes (<see cref="DeepMlpOptionsBase.CheckpointDirectory"/>),
/// which carry every finished ensemble member beside the member in training.
/// </summary>
internal sealed class CheckpointRun
{
    private readonly DeepMlpOptionsBase _options;
    private readonly Fingerprint _fit;
    private readonly SortedDictionary<string, string> _record;
    private readonly List<KeyValuePair<string, byte[]>> _finishedMembers = [];
    private readonly List<string> _notes = [];
    private string _dataFingerprint = "";
    private int _seed;

    private CheckpointRun(DeepMlpOptionsBase options, Fingerprint fit, StoredCheckpoint? resume)
    {
        _options = options;
        _fit = fit;
        _record = OptionsRecord.Of(options);
        Resume = resume;
    }

    /// <summary>The checkpoint this fit continues, or null.</summary>
    public StoredCheckpoint? Resume { get; }

    /// <summary>
    /// What the history should say about checkpoints (skipped damaged files, a fresh start, the resume); added when
    /// training ends, as resuming replaces the history with the checkpoint's.
    /// </summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>Null when the options neither write nor resume checkpoints.</summary>
    /// <exception cref="InvalidOperationException">The checkpoint belongs to another fit, or the folder to write to holds another run's checkpoints.</exception>
    public static CheckpointRun? Open(DeepMlpOptionsBase options, Fingerprint fit)
    {
        if (options.CheckpointDirectory is null && options.ResumeFromCheckpoint is null)
            return null;
        StoredCheckpoint? resume = null;
        var notes = new List<string>();
        if (options.ResumeFromCheckpoint is { } path)
        {
            bool startingRun = !Path.Exists(path) && SamePath(path, options.CheckpointDirectory);
            resume = startingRun ? null : CheckpointLocator.Find(path, notes);
            if (resume is null)
                notes.Add($"ResumeFromCheckpoint: '{path}' holds no checkpoint yet, so this fit starts from the beginning.");
            else
                notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"Resumed from checkpoint '{resume.Path}' ({resume.Meta.Position(options.EnsembleSize)}, step {resume.Meta.Step}, written {resume.Meta.Written:u})."));
        }
        var run = new CheckpointRun(options, fit, resume);
        run._notes.AddRange(notes);
        if (resume is not null && CheckpointCompatibility.Problem(resume, fit, run._record, options.Seed) is { } problem)
            throw new InvalidOperationException(problem);
        if (options.CheckpointDirectory is { } directory)
            PrepareDirectory(directory, resume);
        return run;
    }

    /// <summary>Binds the run to its seed and prepared data; a resumed fit must have the checkpoint's data.</summary>
    public void BindData(string dataFingerprint, int seed)
    {
        _seed = seed;
        _dataFingerprint = dataFingerprint;
        if (Resume is not null && CheckpointCompatibility.DataProblem(Resume, _dataFingerprint) is { } problem)
            throw new InvalidOperationException(problem);
    }

    /// <summary>
    /// The saved network state and history of ensemble member <paramref name="member"/> when the resumed checkpoint holds
    /// it finished (later checkpoints carry it on), else null.
    /// </summary>
    public (byte[] Network, byte[] History)? TakeFinishedMember(int member)
    {
        if (Resume is not { } r || member >= r.Meta.Member)
            return null;
        string networkSection = MemberSection(member, MemberState.NetworkSection), historySection = MemberSection(member, MemberState.HistorySection);
        if (!r.Sections.TryGetValue(networkSection, out var network) || !r.Sections.TryGetValue(historySection, out var history))
            throw new InvalidDataException($"The checkpoint '{r.Path}' is at member {r.Meta.Member + 1} but lacks finished member {member + 1}.");
        _finishedMembers.Add(new(networkSection, network));
        _finishedMembers.Add(new(historySection, history));
        return (network, history);
    }

    /// <summary>The checkpoint to resume member <paramref name="member"/> from, or null when it starts afresh.</summary>
    public StoredCheckpoint? ResumeOf(int member) => Resume is { } r && r.Meta.Member == member ? r : null;

    /// <summary>The member's checkpoint writer, or null when no checkpoints are written.</summary>
    public EpochCheckpoints? Writer(int member, MemberState state) =>
        _options.CheckpointDirectory is null ? null : new EpochCheckpoints(this, member, state, _options);

    /// <summary>Records a finished member, so later checkpoints carry it.</summary>
    public void MemberFinished(int member, nn.Module network, TrainingHistory history)
    {
        if (_options.CheckpointDirectory is null)
            return;
        _finishedMembers.Add(new(MemberSection(member, MemberState.NetworkSection), TensorBytes.Write(TensorBytes.StateOf(network))));
        _finishedMembers.Add(new(MemberSection(member, MemberState.HistorySection), HistoryJson.Write(history)));
    }

    public void Write(IReadOnlyList<KeyValuePair<string, byte[]>> memberSections, int member, TrainingContext context, bool isBest)
    {
        string directory = _options.CheckpointDirectory!;
        var meta = new CheckpointMeta(member, context.Epoch, context.Step, context.StopTraining, isBest, _seed, _fit.Task, _fit.ClassCount,
            _fit.FeatureCount, _dataFingerprint, _record, LibraryVersion, DateTimeOffset.UtcNow);
        List<KeyValuePair<string, byte[]>> sections = [new(CheckpointMeta.Section, meta.ToBytes()), .. memberSections, .. _finishedMembers];
        CheckpointFile.Write(Path.Combine(directory, CheckpointLocator.FileName(member, _options.EnsembleSize, context.Epoch, isBest)), sections);
        if (!isBest)
            DeleteOlderThanKept(directory);
    }

    private static string MemberSection(int member, string name) => string.Create(CultureInfo.InvariantCulture, $"member/{member}/{name}");

    private static string LibraryVersion => typeof(CheckpointRun).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private static bool SamePath(string path, string? other) =>
        other is not null && Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar) == Path.GetFullPath(other).TrimEnd(Path.DirectorySeparatorChar);

    /// <summary>
    /// Creates the folder and deletes what killed writers left. It must not hold checkpoints this fit would mix with its
    /// own: another run's, or (when resuming from an earlier one, such as best.ckpt) every-N-epochs ones written after it.
    /// </summary>
    private static void PrepareDirectory(string directory, StoredCheckpoint? resume)
    {
        Directory.CreateDirectory(directory);
        CheckpointFile.DeleteLeftovers(directory);
        var existing = Directory.EnumerateFiles(directory, "*" + CheckpointFile.Extension).Order(StringComparer.Ordinal).ToList();
        if (resume is null && existing.Count > 0)
            throw new InvalidOperationException($"CheckpointDirectory '{directory}' already holds checkpoints of another run ('{Path.GetFileName(existing[0])}'). "
                + "Set ResumeFromCheckpoint to that folder to continue that run, or choose an empty folder; nothing was deleted.");
        if (resume is not null && existing.FirstOrDefault(file => IsLaterPeriodic(file, resume.Meta)) is { } later)
            throw new InvalidOperationException($"CheckpointDirectory '{directory}' holds '{Path.GetFileName(later)}', written later in training than '{resume.Path}', "
                + "the checkpoint this fit resumes from; continuing would mix two runs in one folder. Choose another CheckpointDirectory; nothing was deleted.");
    }

    private static bool IsLaterPeriodic(string file, CheckpointMeta resumed)
    {
        try
        {
            var meta = StoredCheckpoint.Read(file).Meta;
            return !meta.IsBest && (meta.Member, meta.Epoch).CompareTo((resumed.Member, resumed.Epoch)) > 0;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or System.Text.Json.JsonException)
        {
            return false;   // a damaged file is no checkpoint; resuming skipped it already
        }
    }

    private void DeleteOlderThanKept(string directory)
    {
        var periodic = Directory.EnumerateFiles(directory, "*epoch-*" + CheckpointFile.Extension).Order(StringComparer.Ordinal).ToList();
        foreach (string old in periodic.Take(Math.Max(0, periodic.Count - _options.CheckpointsToKeep)))
            File.Delete(old);
    }
}
