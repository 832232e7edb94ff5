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
    /// What the history says about checkpoints (skipped damaged files, a fresh start, the resume): added when the run
    /// opens, so the log shows them at once, and again when training ends if resuming replaced the history.
    /// </summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>Null when the options neither write nor resume checkpoints.</summary>
    /// <param name="options">The trainer's options.</param>
    /// <param name="fit">What this fit is (task, features, device, warm-start model).</param>
    /// <param name="history">Receives the run's notes.</param>
    /// <exception cref="InvalidOperationException">The checkpoint belongs to another fit, or the folder to write to holds another run's checkpoints.</exception>
    public static CheckpointRun? Open(DeepMlpOptionsBase options, Fingerprint fit, TrainingHistory history)
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
        if (resume is not null && EpochsGrew(resume.Meta, options) is { } grown)
            notes.Add(grown);
        run._notes.AddRange(notes);
        foreach (string note in notes)
            history.AddNote(note);
        if (resume is not null && CheckpointCompatibility.Problem(resume, fit, run._record, options.Seed) is { } problem)
            throw new InvalidOperationException(problem);
        if (options.CheckpointDirectory is { } directory)
        {
            CheckpointFolder.Prepare(directory, resume,
                "Set ResumeFromCheckpoint to that folder to continue that run, or choose an empty folder; nothing was deleted.");
        }
        return run;
    }

    private static string? EpochsGrew(CheckpointMeta meta, DeepMlpOptionsBase options)
    {
        string before = meta.Options.GetValueOrDefault(nameof(DeepMlpOptionsBase.NumberOfEpochs), "");
        string now = options.NumberOfEpochs.ToString(CultureInfo.InvariantCulture);
        if (before == now || !int.TryParse(before, NumberStyles.Integer, CultureInfo.InvariantCulture, out int old) || old > options.NumberOfEpochs)
            return null;
        string stopped = meta.StopTraining ? " The checkpointed run had stopped (early stopping or the divergence guard), so no epoch is added." : "";
        return $"NumberOfEpochs grew from {before} to {now}: schedules of the total step count (Cosine, OneCycle, Step, WarmupFraction) are recomputed "
            + $"for {now} epochs, so the learning rate follows the longer schedule from here.{stopped}";
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
            _fit.FeatureCount, _dataFingerprint, _fit.Device, _fit.InitialModel, _record, LibraryVersion, DateTimeOffset.UtcNow);
        List<KeyValuePair<string, byte[]>> sections = [new(CheckpointMeta.Section, meta.ToBytes()), .. memberSections, .. _finishedMembers];
        CheckpointFile.Write(Path.Combine(directory, CheckpointLocator.FileName(member, _options.EnsembleSize, context.Epoch, isBest)), sections);
        if (!isBest)
            CheckpointFolder.Prune(directory, _options.CheckpointsToKeep);
    }

    private static string MemberSection(int member, string name) => string.Create(CultureInfo.InvariantCulture, $"member/{member}/{name}");

    private static string LibraryVersion => typeof(CheckpointRun).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private static bool SamePath(string path, string? other) =>
        other is not null && Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar) == Path.GetFullPath(other).TrimEnd(Path.DirectorySeparatorChar);
}
