using Microsoft.ML;
using MLNetDeep.Data;
using MLNetDeep.Tests.Onnx;
using MLNetDeep.Tests.Trainers;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNetDeep.Tests.Architectures;

/// <summary>
/// Each architecture variant, trained briefly through the real trainer, scores the same in TorchSharp (the module's
/// own eval forward pass at the end of training), in <see cref="DeepMlpTransformer.Transform"/> (the exported ONNX
/// graph) and after <c>mlContext.Model.Save</c> / <c>Load</c>; batch norm's running statistics have left their
/// initial 0 and 1. Mixed precision (forced on the CPU) trains a few of the variants.
/// </summary>
[TestClass]
public sealed class ArchitectureVariantExportTests
{
    // 65 rows in batches of 16 leave a one-row last batch, which batch norm must handle.
    private const int Rows = 65;
    private readonly MLContext _ml = new(seed: 1);

    public static IEnumerable<object[]> Variants()
    {
        int index = 0;
        foreach (Activation activation in Enum.GetValues<Activation>())
        {
            foreach (Normalization normalization in Enum.GetValues<Normalization>())
                yield return [activation, normalization, true, (WeightInitialization)(index++ % 6), MixedPrecision.None];
        }

        foreach (Normalization normalization in Enum.GetValues<Normalization>())
            yield return [Activation.ReLU, normalization, false, (WeightInitialization)(index++ % 6), MixedPrecision.None];

        foreach (MixedPrecision precision in new[] { MixedPrecision.Float16, MixedPrecision.BFloat16 })
        {
            yield return [Activation.ReLU, Normalization.BatchNorm, true, WeightInitialization.Auto, precision];
            yield return [Activation.GELU, Normalization.LayerNorm, false, WeightInitialization.Auto, precision];
        }
    }

    [TestMethod]
    [DynamicData(nameof(Variants))]
    public void Fit_EachVariant_ScoresLikeTheTorchModuleBeforeAndAfterSaveAndLoad(
        Activation activation, Normalization normalization, bool residual, WeightInitialization initialization, MixedPrecision precision)
    {
        IDataView data = SyntheticData.Binary(_ml, Rows, seed: 5);
        List<float[]> features = SyntheticData.Features(Rows, 5);
        var capture = new EvalForwardCapture(features);
        var options = new DeepMlpBinaryTrainer.Options
        {
            HiddenLayerSizes = [8, 8, 6],
            Activation = activation,
            Normalization = normalization,
            Architecture = residual ? Architecture.ResNet : Architecture.Mlp,
            WeightInitialization = initialization,
            DropoutRates = [0.1, 0.2, 0],
            NumberOfEpochs = 3,
            BatchSize = 16,
            LearningRate = 0.05,
            Seed = 3,
            MixedPrecision = precision,
            ForceMixedPrecisionOnCpu = true,
        };
        options.Callbacks.Add(capture);

        using DeepMlpTransformer model = new DeepMlpBinaryTrainer(options).Fit(data);
        float[] transformed = SyntheticData.Scores(model.Transform(data));
        string path = Path.Combine(Path.GetTempPath(), $"mlnetdeep-variant-{Guid.NewGuid():N}.zip");
        float[] reloaded;
        try
        {
            _ml.Model.Save(model, data.Schema, path);
            reloaded = SyntheticData.Scores(_ml.Model.Load(path, out _).Transform(data));
        }
        finally
        {
            File.Delete(path);
        }

        string variant = $"{activation}/{normalization}/residual {residual}/{initialization}/{precision}";
        Assert.IsTrue(capture.Logits.Distinct().Count() > 1, $"{variant}: constant outputs");
        Assert.AreEqual(precision == MixedPrecision.Float16, model.History.Steps.All(s => s.LossScale is not null), $"{variant}: float16 loss scaling");
        Assert.AreEqual(normalization == Normalization.BatchNorm, capture.RunningStatistics > 0, $"{variant}: running statistics");
        Assert.IsTrue(capture.InitialRunningStatistics == 0, $"{variant}: {capture.InitialRunningStatistics} running statistics kept their initial value");
        Close.Assert([.. capture.Logits.Select(v => (double)v)], transformed, $"{variant} Transform");
        Close.Assert([.. capture.Logits.Select(v => (double)v)], reloaded, $"{variant} reloaded");
    }

    /// <summary>
    /// At the end of training: the network's eval-mode output on the rows, standardized as the trainer does, and its
    /// batch-norm running means and variances (how many, and how many are still all 0 or all 1).
    /// </summary>
    internal sealed class EvalForwardCapture(List<float[]> rows) : TrainingCallback
    {
        public float[] Logits { get; private set; } = [];

        public int RunningStatistics { get; private set; }

        public int InitialRunningStatistics { get; private set; }

        public override void OnTrainEnd(TrainingContext context)
        {
            var network = (nn.Module<Tensor, Tensor>)context.Network;
            network.eval();
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            foreach (var (name, buffer) in network.named_buffers())
            {
                double initial = name.EndsWith("running_mean", StringComparison.Ordinal) ? 0 : name.EndsWith("running_var", StringComparison.Ordinal) ? 1 : double.NaN;
                if (double.IsNaN(initial))
                    continue;
                RunningStatistics++;
                if (buffer.eq(initial).all().item<bool>())
                    InitialRunningStatistics++;
            }

            using Tensor x = tensor(rows.SelectMany(r => r).ToArray(), [rows.Count, SyntheticData.FeatureCount]);
            Scaling(rows).ApplyInPlace(x);
            Logits = network.call(x).reshape(-1).data<float>().ToArray();
        }

        /// <summary>The trainer's standardization: Welford moments of the training features.</summary>
        private static FeatureScaling Scaling(List<float[]> rows)
        {
            int f = SyntheticData.FeatureCount;
            var mean = new double[f];
            var m2 = new double[f];
            long count = 0;
            foreach (float[] row in rows)
            {
                count++;
                for (int i = 0; i < f; i++)
                {
                    double d = row[i] - mean[i];
                    mean[i] += d / count;
                    m2[i] += d * (row[i] - mean[i]);
                }
            }

            return FeatureScaling.FromMoments(mean, m2, count);
        }
    }
}
