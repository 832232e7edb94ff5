using System.Text.Json.Nodes;
using Microsoft.ML;
using MLNetDeep.Checkpoints;
using MLNetDeep.Modules;
using MLNetDeep.Tests.Checkpoints;
using MLNetDeep.Tests.Trainers;
using MLNetDeep.Training;
using static MLNetDeep.Tests.Training.HistoryFixtures;
using static MLNetDeep.Tests.Training.TensorBoardEvents;
using static TorchSharp.torch;

namespace MLNetDeep.Tests.Doctor;

/// <summary>
/// GradientStatisticsEveryNSteps: which steps and layers are recorded, figures checked against a hand computation, no
/// effect on the weights, nothing attached when off, JSON and TensorBoard export, and the option's validation.
/// </summary>
[TestClass]
public sealed class LayerStatisticsTests : TemporaryFolderTest
{
    private static readonly string[] LayerNames = ["hidden1", "hidden2", "output"];
    private static readonly long[] RecordedSteps = [4, 4, 4, 8, 8, 8, 12, 12, 12, 16, 16, 16];
    private static readonly int[] RecordedEpochs = [1, 2, 2, 3];

    private readonly MLContext _ml = new(seed: 1);

    // 96 rows in batches of 16: 6 steps per epoch, 18 in all.
    private static DeepMlpBinaryTrainer.Options Options(int everyNSteps) => new()
    {
        HiddenLayerSizes = [8, 4], NumberOfEpochs = 3, BatchSize = 16, GradientStatisticsEveryNSteps = everyNSteps, Seed = 1,
    };

    [TestMethod]
    public void Fit_RecordsEveryLayerAtEveryNthStep_WithActivationFiguresForHiddenLayersOnly()
    {
        using var model = new DeepMlpBinaryTrainer(Options(4)).Fit(SyntheticData.Binary(_ml, 96));
        var records = model.History.LayerStatistics;

        CollectionAssert.AreEqual(RecordedSteps, records.Select(r => r.Step).ToArray());
        CollectionAssert.AreEqual(RecordedEpochs, records.Where(r => r.Layer == "output").Select(r => r.Epoch).ToArray());
        CollectionAssert.AreEqual(LayerNames, records.Take(3).Select(r => r.Layer).ToArray());
        foreach (var r in records)
        {
            bool hidden = r.Layer != "output";
            Assert.IsTrue(r.GradientNorm > 0 && r.MeanAbsoluteGradient > 0 && r.WeightNorm > 0 && r.UpdateToWeightRatio > 0, r.ToString());
            Assert.AreEqual(hidden, r.ActivationMean is not null, r.ToString());
            Assert.AreEqual(hidden, r.ActivationStandardDeviation is not null, r.ToString());
            Assert.AreEqual(hidden, r.DeadUnitFraction is >= 0 and <= 1, r.ToString());
        }
    }

    [TestMethod]
    public void Fit_WithPlainSgd_UpdateToWeightRatioIsRateTimesGradientNormOverWeightNorm()
    {
        var options = Options(1);
        (options.Optimizer, options.Momentum, options.LearningRate, options.LearningRateSchedule, options.DropoutRate) = (OptimizerAlgorithm.Sgd, 0, 0.05, LearningRateSchedule.Constant, 0);

        using var model = new DeepMlpBinaryTrainer(options).Fit(SyntheticData.Binary(_ml, 96));

        Assert.HasCount(18 * 3, model.History.LayerStatistics);
        foreach (var r in model.History.LayerStatistics)
            Assert.AreEqual(0.05 * r.GradientNorm / r.WeightNorm, r.UpdateToWeightRatio, 1e-4 * r.UpdateToWeightRatio, r.ToString());
    }

    [TestMethod]
    public void Fit_WithAndWithoutGradientStatistics_GivesIdenticalWeights_AndAttachesObserversOnlyWhenOn()
    {
        var data = SyntheticData.Binary(_ml, 96);
        var (offProbe, onProbe) = (new ObserverProbe(), new ObserverProbe());
        var off = Options(0);
        off.Callbacks.Add(offProbe);
        var on = Options(2);
        on.Callbacks.Add(onProbe);

        using var without = new DeepMlpBinaryTrainer(off).Fit(data);
        using var with = new DeepMlpBinaryTrainer(on).Fit(data);

        CollectionAssert.AreEqual(CheckpointTestKit.Weights(without), CheckpointTestKit.Weights(with));
        CollectionAssert.AreEqual(without.History.Steps.ToList(), with.History.Steps.ToList());
        Assert.IsEmpty(without.History.LayerStatistics);
        Assert.HasCount(9 * 3, with.History.LayerStatistics);
        Assert.IsFalse(offProbe.Attached, "no observer without gradient statistics");
        Assert.IsTrue(onProbe.Attached);
    }

    [TestMethod]
    public void ActivationTally_GivesMeanPopulationStandardDeviationAndNeverActiveUnits()
    {
        var tally = new ActivationTally(countDead: true);
        using var first = tensor(new float[] { 1, -1, 0, 3, -2, 0 }, [2, 3]);
        using var second = tensor(new float[] { -1, -1, 0 }, [1, 3]);

        tally.Observe(first);
        tally.Observe(second);

        double[] values = [1, -1, 0, 3, -2, 0, -1, -1, 0];
        double mean = values.Average();
        Assert.AreEqual(mean, tally.Mean!.Value, 1e-12);
        Assert.AreEqual(Math.Sqrt(values.Average(v => (v - mean) * (v - mean))), tally.StandardDeviation!.Value, 1e-12);
        Assert.AreEqual(2.0 / 3, tally.DeadFraction!.Value, 1e-12, "units 2 and 3 were never above 0");
        tally.Clear();
        Assert.IsNull(tally.Mean);
        Assert.IsNull(tally.DeadFraction);
    }

    [TestMethod]
    public void Json_RoundTripsLayerStatisticsClassesAndBaseline_AndReadsFilesWithoutThem()
    {
        using var model = new DeepMlpBinaryTrainer(Options(5)).Fit(SyntheticData.Binary(_ml, 96));
        string path = Path.Combine(Folder, "history.json"), old = Path.Combine(Folder, "old.json");
        model.History.SaveAsJson(path);
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        json.Remove("layerStatistics");
        json.Remove("baselineLoss");
        json.Remove("classes");
        File.WriteAllText(old, json.ToJsonString());

        var loaded = TrainingHistory.LoadJson(path);
        var older = TrainingHistory.LoadJson(old);

        AssertSame(model.History, loaded);
        Assert.HasCount(3 * 3, loaded.LayerStatistics);
        Assert.HasCount(2, loaded.Classes);
        Assert.IsNotNull(loaded.BaselineLoss);
        Assert.IsEmpty(older.LayerStatistics);
        Assert.IsEmpty(older.Classes);
        Assert.IsNull(older.BaselineLoss);
        CollectionAssert.AreEqual(model.History.Steps.ToList(), older.Steps.ToList());
    }

    [TestMethod]
    public void TensorBoard_WritesEveryFigureOfEveryRecord_AtItsStep()
    {
        var options = Options(3);
        options.TensorBoardLogDirectory = Folder;
        options.TensorBoardHistogramEveryNEpochs = 0;

        using var model = new DeepMlpBinaryTrainer(options).Fit(SyntheticData.Binary(_ml, 96));
        var events = ReadRun(Folder);

        foreach (string layer in LayerNames)
        {
            var records = model.History.LayerStatistics.Where(r => r.Layer == layer).ToList();
            Assert.HasCount(6, records);
            CollectionAssert.AreEqual(records.Select(r => (r.Step, (float)r.GradientNorm)).ToList(), Scalars(events, $"layers/{layer}/gradient_norm"));
            CollectionAssert.AreEqual(records.Select(r => (r.Step, (float)r.UpdateToWeightRatio)).ToList(), Scalars(events, $"layers/{layer}/update_to_weight_ratio"));
            Assert.HasCount(layer == "output" ? 0 : 6, Scalars(events, $"layers/{layer}/dead_unit_fraction"));
        }
    }

    [TestMethod]
    public void Options_NegativeInterval_IsRejected_AndTheOptionIsNotPartOfTheCheckpointMath()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new DeepMlpBinaryTrainer(Options(-1)));

        Assert.AreEqual("Invalid DeepMlp options:" + Environment.NewLine + "- GradientStatisticsEveryNSteps is -1, but must be at least 0 (0: no gradient statistics).", e.Message);
        Assert.IsFalse(OptionsRecord.Of(Options(5)).ContainsKey(nameof(DeepMlpOptionsBase.GradientStatisticsEveryNSteps)));
        Assert.AreEqual("5", OptionsRecord.All(Options(5))[nameof(DeepMlpOptionsBase.GradientStatisticsEveryNSteps)]);
    }

    /// <summary>Looks, when training starts (after the built-in callbacks), whether any hidden block has an activation observer.</summary>
    private sealed class ObserverProbe : TrainingCallback
    {
        public bool Attached { get; private set; }

        public override void OnTrainBegin(TrainingContext context) =>
            Attached = ((MlpNetwork)context.Network).Blocks.Any(b => b.ActivationObserver is not null);
    }
}
