using System.Globalization;

namespace MLNetDeep.Checkpoints;

/// <summary>Whether a checkpoint belongs to the fit about to resume from it; everything that differs is named.</summary>
internal static class CheckpointCompatibility
{
    /// <summary>Why <paramref name="checkpoint"/> cannot be resumed by this fit, or null when it can.</summary>
    public static string? Problem(StoredCheckpoint checkpoint, Fingerprint current, SortedDictionary<string, string> options, int? seed)
    {
        var meta = checkpoint.Meta;
        var culture = CultureInfo.InvariantCulture;
        var problems = new List<string>();
        if (meta.Task != current.Task)
            problems.Add($"task: {meta.Task} in the checkpoint, {current.Task} now");
        if (meta.ClassCount != current.ClassCount && current.ClassCount > 0)
            problems.Add(string.Create(culture, $"class count: {meta.ClassCount} in the checkpoint, {current.ClassCount} now"));
        if (meta.FeatureCount != current.FeatureCount)
            problems.Add(string.Create(culture, $"feature count: {meta.FeatureCount} in the checkpoint, {current.FeatureCount} now"));
        if (meta.Device != current.Device)
            problems.Add($"device: {meta.Device} in the checkpoint, {current.Device} now (random generator states belong to one device type)");
        if (meta.InitialModel != current.InitialModel)
            problems.Add($"warm start: {InitialModel(meta.InitialModel)} in the checkpoint, {InitialModel(current.InitialModel)} now");
        var differences = options.Keys.Union(meta.Options.Keys)
            .Where(k => k != nameof(DeepMlpOptionsBase.NumberOfEpochs) && Value(meta.Options, k) != Value(options, k))
            .OrderBy(k => OptionsRecord.Architecture.Contains(k) ? 0 : 1)
            .Select(k => $"{(OptionsRecord.Architecture.Contains(k) ? "architecture, " : "")}{k}: {Value(meta.Options, k)} in the checkpoint, {Value(options, k)} now");
        problems.AddRange(differences);
        const string epochs = nameof(DeepMlpOptionsBase.NumberOfEpochs);
        if (Epochs(options) < Epochs(meta.Options))
            problems.Add($"{epochs}: {Value(meta.Options, epochs)} in the checkpoint, {Value(options, epochs)} now (it may grow, not shrink)");
        if (seed is { } s && s != meta.Seed)
            problems.Add(string.Create(culture, $"Seed: {meta.Seed} in the checkpoint, {s} now"));

        return problems.Count == 0 ? null : $"The checkpoint '{checkpoint.Path}' belongs to another fit: " + string.Join("; ", problems)
            + ". Resume with the options, seed and data of the run that wrote it; to continue a trained model with other options or data, use warm start: trainer.Fit(data, initialModel).";
    }

    /// <summary>How <paramref name="other"/> belongs to another run than <paramref name="resumed"/>, or null when both are of one run.</summary>
    public static string? OtherRun(CheckpointMeta other, CheckpointMeta resumed)
    {
        if (other.Seed != resumed.Seed)
            return string.Create(CultureInfo.InvariantCulture, $"seed {other.Seed}, not {resumed.Seed}");
        if (other.DataFingerprint != resumed.DataFingerprint)
            return $"data {other.DataFingerprint}";
        if ((other.Task, other.ClassCount, other.FeatureCount, other.Device, other.InitialModel) != (resumed.Task, resumed.ClassCount, resumed.FeatureCount, resumed.Device, resumed.InitialModel))
            return "another task, feature count, device or initial model";
        string? option = other.Options.Keys.Union(resumed.Options.Keys)
            .FirstOrDefault(k => k != nameof(DeepMlpOptionsBase.NumberOfEpochs) && Value(other.Options, k) != Value(resumed.Options, k));
        return option is null ? null : $"{option} {Value(other.Options, option)}, not {Value(resumed.Options, option)}";
    }

    /// <summary>Why the prepared data is not the data the checkpoint was written for, or null.</summary>
    public static string? DataProblem(StoredCheckpoint checkpoint, string fingerprint) => checkpoint.Meta.DataFingerprint == fingerprint ? null
        : $"The checkpoint '{checkpoint.Path}' was written for other data: {checkpoint.Meta.DataFingerprint} in the checkpoint, {fingerprint} now. "
          + "Resume needs the same training and validation data (prepared the same way); to continue a trained model on new data, use warm start: trainer.Fit(data, initialModel).";

    private static string InitialModel(string? hash) => hash is null ? "no initial model" : $"initial model {hash}";

    private static string Value(SortedDictionary<string, string> options, string key) => options.TryGetValue(key, out var value) ? value : "(absent)";

    private static int Epochs(SortedDictionary<string, string> options) =>
        int.TryParse(Value(options, nameof(DeepMlpOptionsBase.NumberOfEpochs)), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? n : 0;
}

/// <summary>What a fit is, for comparing with a checkpoint: its task, classes, features, device type and warm-start model.</summary>
internal sealed record Fingerprint(string Task, int ClassCount, int FeatureCount, string Device, string? InitialModel);
