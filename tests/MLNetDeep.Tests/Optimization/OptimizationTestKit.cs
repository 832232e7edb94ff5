using Microsoft.ML;
using MLNetDeep.Tests.Trainers;
using TorchSharp;

namespace MLNetDeep.Tests.Optimization;

/// <summary>Tiny seeded fits and a callback that records weights and gradients around each optimizer step.</summary>
internal static class OptimizationTestKit
{
    /// <summary>A one-hidden-layer net without dropout and a constant rate, so updates are easy to predict.</summary>
    public static DeepMlpBinaryTrainer.Options Small(int epochs = 5, int batchSize = 10) => new()
    {
        HiddenLayerSizes = [8],
        DropoutRate = 0,
        NumberOfEpochs = epochs,
        BatchSize = batchSize,
        LearningRate = 0.01,
        LearningRateSchedule = LearningRateSchedule.Constant,
        Seed = 5,
    };

    public static TrainingHistory Fit(MLContext ml, DeepMlpBinaryTrainer.Options options, int rows = 100) =>
        new DeepMlpBinaryTrainer(options).Fit(SyntheticData.Binary(ml, rows)).History;

    /// <summary>All parameters (or their gradients) flattened, in <c>parameters()</c> order.</summary>
    public static float[] Flatten(TrainingContext context, bool gradients)
    {
        using var scope = torch.NewDisposeScope();
        var parts = context.Network.parameters().Select(p => (gradients ? p.grad! : p).detach().flatten()).ToList();
        return torch.cat(parts).data<float>().ToArray();
    }

    public static void AssertClose(float[] expected, float[] actual, double tolerance, string what)
    {
        Assert.AreEqual(expected.Length, actual.Length, what);
        for (int i = 0; i < expected.Length; i++)
            Assert.AreEqual(expected[i], actual[i], tolerance, $"{what}[{i}]");
    }
}

/// <summary>Weights before each update, the gradients the update uses, and the weights after it (one update per batch).</summary>
internal sealed class UpdateRecorder : TrainingCallback
{
    public List<float[]> Before { get; } = [];
    public List<float[]> Gradients { get; } = [];
    public List<float[]> After { get; } = [];

    public override void OnGradientsComputed(TrainingContext context)
    {
        Before.Add(OptimizationTestKit.Flatten(context, gradients: false));
        Gradients.Add(OptimizationTestKit.Flatten(context, gradients: true));
    }

    public override void OnBatchEnd(TrainingContext context, double batchLoss) =>
        After.Add(OptimizationTestKit.Flatten(context, gradients: false));
}
