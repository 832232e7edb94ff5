using Microsoft.ML;
using MLNetDeep.Snapshots;

namespace MLNetDeep.Tests.Checkpoints;

/// <summary>Helpers for the checkpoint tests: a callback that crashes a fit at a chosen batch, weights as one array, temporary folders.</summary>
internal static class CheckpointTestKit
{
    /// <summary>Every weight of every member, in order.</summary>
    public static float[] Weights(DeepMlpTransformer model) => [.. model.Network.Members.SelectMany(m => Embedding(m).Concat(Layers(m.Layers)))];

    private static IEnumerable<float> Embedding(NetworkSnapshot member) => member.Embedding is not { } e
        ? []
        : e.Tables.SelectMany(t => t).Concat(e.Frequencies ?? []).Concat(e.PeriodicWeight ?? []).Concat(e.PeriodicBias ?? []);

    public static string NewFolder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "mlnetdeep-ckpt-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Fits with <paramref name="crash"/> thrown at its batch, and checks that the fit failed with it.</summary>
    public static void FitUntilCrash(Func<IDataView, DeepMlpTransformer> fit, IDataView data)
    {
        var error = Assert.ThrowsExactly<SimulatedCrash>(() => fit(data));
        Assert.AreEqual("simulated crash", error.Message);
    }

    private static IEnumerable<float> Layers(IEnumerable<SnapshotLayer> layers) => layers.SelectMany(layer => layer switch
    {
        DenseLayer d => d.Weight.Concat(d.Bias),
        EnsembleDenseLayer e => e.Weight.Concat(e.InputScale ?? []).Concat(e.OutputScale ?? []).Concat(e.Bias),
        MemberDenseLayer m => m.Weight.Concat(m.Bias),
        BatchNormLayer b => b.Mean.Concat(b.Variance).Concat(b.Scale).Concat(b.Shift),
        LayerNormLayer l => l.Scale.Concat(l.Shift),
        ResidualLayer r => Layers(r.Body),
        _ => [],
    });
}

/// <summary>The exception <see cref="CrashAt"/> throws.</summary>
internal sealed class SimulatedCrash() : Exception("simulated crash");

/// <summary>
/// A user callback with state: it counts every batch it sees (saved and restored through the checkpoint hooks) and,
/// when <see cref="CrashAtBatch"/> is set, throws at that overall batch, as a crash would end the process.
/// </summary>
internal sealed class CrashAt : TrainingCallback
{
    public long? CrashAtBatch { get; set; }

    public long BatchesSeen { get; private set; }

    public int Restores { get; private set; }

    public override void OnBatchEnd(TrainingContext context, double batchLoss)
    {
        BatchesSeen++;
        if (BatchesSeen == CrashAtBatch)
            throw new SimulatedCrash();
    }

    public override void OnSaveCheckpoint(TrainingContext context, CheckpointState state) => state.Set("batches", BatchesSeen);

    public override void OnRestoreCheckpoint(TrainingContext context, CheckpointState state)
    {
        BatchesSeen = state.GetInt64("batches");
        Restores++;
    }
}
