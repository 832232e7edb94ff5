using MLNetDeep.Checkpoints;
using MLNetDeep.Snapshots;
using MLNetDeep.Training;
using static TorchSharp.torch;

namespace MLNetDeep;

/// <summary>
/// Trains the ensemble members one after another (a single model is an ensemble of one). Member 0 trains exactly as a
/// single model with the fit's seed; later members differ in initialization, dropout and order. Members a resumed
/// checkpoint holds finished are rebuilt from it instead of trained again.
/// </summary>
internal static class EnsembleTraining
{
    /// <param name="options">The trainer's options.</param>
    /// <param name="data">The prepared data.</param>
    /// <param name="featureCount">The network's input width.</param>
    /// <param name="seeds">The fit's random streams.</param>
    /// <param name="device">Where to train.</param>
    /// <param name="history">The fit's history (member 0's; later members are added to it).</param>
    /// <param name="monitor">Cancellation, progress and log.</param>
    /// <param name="initial">The warm-start model, or null.</param>
    /// <param name="checkpoints">The fit's checkpointing, or null.</param>
    public static EnsembleSnapshot Train(
        DeepMlpOptionsBase options, TrainingData data, int featureCount, SeedPlan seeds, Device device, TrainingHistory history, FitMonitor monitor,
        EnsembleSnapshot? initial, CheckpointRun? checkpoints)
    {
        var members = new List<NetworkSnapshot>();
        for (int member = 0; member < options.EnsembleSize; member++)
        {
            var memberHistory = member == 0 ? history : new TrainingHistory();
            if (checkpoints?.TakeFinishedMember(member) is { } finished)
            {
                members.Add(MemberTraining.Rebuild(options, data, featureCount, finished.Network));
                HistoryJson.ReadInto(finished.History, memberHistory);
            }
            else
            {
                monitor.BeginMember(member + 1);
                members.Add(MemberTraining.Train(
                    options, data, featureCount, seeds.Member(member), device, memberHistory, monitor, initial?.Members[member], checkpoints, member));
            }
            if (member > 0)
                history.AddMember(memberHistory);
        }
        if (members.Count > 1)
            history.AddNote($"Ensemble of {members.Count} members trained with seeds {seeds.Seed} + {SeedPlan.MemberStride}·i; Epochs shows member 0, Members every member.");
        // Resuming replaced the history with the checkpoint's: the run's notes go back in.
        foreach (string note in (checkpoints?.Notes ?? []).Where(n => !history.Notes.Contains(n)))
            history.AddNote(note);
        return new EnsembleSnapshot(members, data.Standardization.Imputation);
    }
}
