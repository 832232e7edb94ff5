using System.Globalization;
using Microsoft.ML;
using MLNetDeep.Tests.Trainers;

namespace MLNetDeep.Tests.Training;

/// <summary>Histories for the export and plot tests, and an exact (bit for bit) comparison of two histories.</summary>
internal static class HistoryFixtures
{
    /// <summary>
    /// A real fit of a 2-member binary ensemble for 3 epochs, with a carved validation split (so a metric and notes)
    /// and gradient clipping (so every step has a gradient norm).
    /// </summary>
    public static TrainingHistory FittedEnsemble()
    {
        var ml = new MLContext(seed: 1);
        var options = new DeepMlpBinaryTrainer.Options
        {
            HiddenLayerSizes = [8], NumberOfEpochs = 3, BatchSize = 16, EnsembleSize = 2, GradientClippingNorm = 1,
            ValidationFraction = 0.25, Seed = 1,
        };
        return new DeepMlpBinaryTrainer(options).Fit(SyntheticData.Binary(ml, 96)).History;
    }

    /// <summary>A real single-model regression fit of 4 epochs without validation data (no metric, no metric name).</summary>
    public static TrainingHistory FittedWithoutValidation()
    {
        var ml = new MLContext(seed: 1);
        var options = new DeepMlpRegressionTrainer.Options { HiddenLayerSizes = [8], NumberOfEpochs = 4, BatchSize = 16, Seed = 1 };
        return new DeepMlpRegressionTrainer(options).Fit(SyntheticData.Regression(ml, 64)).History;
    }

    /// <summary>A history written by hand with values a fit rarely produces: NaN, infinities, −0, subnormals, nulls, awkward notes.</summary>
    public static TrainingHistory Handmade()
    {
        var history = new TrainingHistory { ValidationMetricName = "AUC", SelectedEpoch = 2 };
        history.Add(new EpochRecord(1, 0.1 + 0.2, double.NaN, null, 1e-3, TimeSpan.FromTicks(12_345_678)));
        history.Add(new EpochRecord(2, double.PositiveInfinity, -0.0, 1.0 / 3, double.Epsilon, TimeSpan.FromTicks(1)));
        history.Add(new EpochRecord(3, 1e300, double.NegativeInfinity, 0.987654321012345, 2.2250738585072014E-308,
            TimeSpan.FromDays(400).Add(TimeSpan.FromTicks(7))));
        history.AddStep(new StepRecord(1, 1, 1e-3, double.NaN, 2.5, 65536, Skipped: true));
        history.AddStep(new StepRecord(2, 1, 0.1 + 0.7, 0.123456789, null, null, Skipped: false));
        history.AddStep(new StepRecord(long.MaxValue, 3, -0.0, double.PositiveInfinity, double.NegativeInfinity, 0.5, Skipped: false));
        history.AddNote("Quotes \", commas, a tab\tand a new line\nand more: → × é");
        history.AddNote("");
        var member = new TrainingHistory { ValidationMetricName = "AUC", SelectedEpoch = 0 };
        member.Add(new EpochRecord(1, 0.5, 0.25, double.NaN, 1e-3, TimeSpan.Zero));
        member.AddStep(new StepRecord(1, 1, 1e-3, 0.5, null, null, Skipped: false));
        member.AddNote("member note");
        history.AddMember(member);
        history.AddMember(new TrainingHistory());
        return history;
    }

    /// <summary>Asserts that <paramref name="actual"/> equals <paramref name="expected"/> bit for bit, members included.</summary>
    public static void AssertSame(TrainingHistory expected, TrainingHistory actual, string where = "history")
    {
        Assert.AreEqual(expected.ValidationMetricName, actual.ValidationMetricName, where);
        Assert.AreEqual(expected.SelectedEpoch, actual.SelectedEpoch, where);
        CollectionAssert.AreEqual(expected.Notes.ToList(), actual.Notes.ToList(), where);
        CollectionAssert.AreEqual(expected.Epochs.Select(Bits).ToList(), actual.Epochs.Select(Bits).ToList(), where);
        CollectionAssert.AreEqual(expected.Steps.Select(Bits).ToList(), actual.Steps.Select(Bits).ToList(), where);
        CollectionAssert.AreEqual(expected.LayerStatistics.Select(Bits).ToList(), actual.LayerStatistics.Select(Bits).ToList(), where);
        CollectionAssert.AreEqual(expected.Classes.Select(Bits).ToList(), actual.Classes.Select(Bits).ToList(), where);
        Assert.AreEqual(Bits(expected.BaselineLoss), Bits(actual.BaselineLoss), where);
        Assert.AreEqual(expected.Members.Count, actual.Members.Count, where);
        for (int i = 1; i < expected.Members.Count; i++)
            AssertSame(expected.Members[i], actual.Members[i], $"member {i}");
        if (actual.Members.Count > 0)
            Assert.IsTrue(ReferenceEquals(actual.Members[0], actual), "member 0 is the history itself");
    }

    public static string Bits(EpochRecord e) =>
        $"{e.Epoch} {Bits(e.TrainingLoss)} {Bits(e.ValidationLoss)} {Bits(e.ValidationMetric)} {Bits(e.LearningRate)} {e.Duration.Ticks}";

    public static string Bits(StepRecord s) =>
        $"{s.Step} {s.Epoch} {Bits(s.LearningRate)} {Bits(s.Loss)} {Bits(s.GradientNorm)} {Bits(s.LossScale)} {s.Skipped}";

    public static string Bits(LayerStatisticsRecord r) =>
        $"{r.Step} {r.Epoch} {r.Layer} {Bits(r.GradientNorm)} {Bits(r.MeanAbsoluteGradient)} {Bits(r.WeightNorm)} {Bits(r.UpdateToWeightRatio)} "
        + $"{Bits(r.ActivationMean)} {Bits(r.ActivationStandardDeviation)} {Bits(r.DeadUnitFraction)}";

    public static string Bits(ClassRecord c) => $"{c.Class} {Bits(c.TrainingWeight)} {Bits(c.Recall)} {c.EvaluatedOn}";

    /// <summary>The bits of a double (so NaN equals NaN and −0 differs from 0), or "null".</summary>
    public static string Bits(double? value) =>
        value is { } v ? BitConverter.DoubleToInt64Bits(v).ToString("X16", CultureInfo.InvariantCulture) : "null";

    /// <summary>A temporary folder, deleted when disposed.</summary>
    public sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("mlnetdeep-history-").FullName;

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
