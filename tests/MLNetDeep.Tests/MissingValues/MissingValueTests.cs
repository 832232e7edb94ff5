using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Tests.Onnx;

namespace MLNetDeep.Tests.MissingValues;

[TestClass]
public sealed class MissingValueTests : TemporaryFolderTest
{
    private static readonly int[] ImputedSlots = [1, 2, 3];
    private static readonly long[] MissingCounts = [60, 75, 30];
    private readonly MLContext _ml = new(seed: 1);

    internal sealed class Row
    {
        [VectorType(4)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    /// <summary>
    /// 300 rows; the label is x0 + x1 &gt; 0, except that a missing x2 (a quarter of the rows) means true: the
    /// missingness itself is informative. x1 is missing in a fifth of the rows, x3 (skewed) in a tenth.
    /// </summary>
    internal static List<Row> Rows(int count = 300, int seed = 7)
    {
        var random = new Random(seed);
        var rows = new List<Row>();
        for (int i = 0; i < count; i++)
        {
            float[] x = [(float)(random.NextDouble() * 2 - 1), (float)(random.NextDouble() * 2 - 1), (float)random.NextDouble(), (float)Math.Exp(random.NextDouble() * 4)];
            bool label = x[0] + x[1] > 0;
            if (i % 4 == 1)
            {
                x[2] = float.NaN;
                label = true;
            }
            if (i % 5 == 2)
                x[1] = float.NaN;
            if (i % 10 == 3)
                x[3] = float.NaN;
            rows.Add(new Row { Features = x, Label = label });
        }
        return rows;
    }

    private DeepMlpTransformer<BinaryClassificationTask> Fit(IDataView data) =>
        _ml.BinaryClassification.Trainers.DeepMlp(new DeepMlpBinaryTrainer.Options
        {
            HiddenLayerSizes = [16], NumberOfEpochs = 60, BatchSize = 32, LearningRate = 0.01, Seed = 3, ValidationFraction = 0,
        }).Fit(data);

    [TestMethod]
    public void Fit_OnNaNInSeveralSlots_ScoresFinite_InProcess_AfterReload_AndInOnnxRuntime()
    {
        var data = _ml.Data.LoadFromEnumerable(Rows());
        var model = Fit(data);
        var probe = Rows(40, seed: 11);
        probe[0].Features[0] = float.NaN;                                   // a slot with no missing value in training
        var probeView = _ml.Data.LoadFromEnumerable(probe);

        float[] inProcess = Probabilities(model.Transform(probeView));
        string path = Path.Combine(Folder, "model.zip");
        _ml.Model.Save(model, data.Schema, path);
        float[] reloaded = Probabilities(_ml.Model.Load(path, out _).Transform(probeView));
        using var onnx = new MemoryStream();
        model.SaveAsOnnx(onnx);
        float[] runtime = [.. OnnxRunner.Run(onnx.ToArray(), "Features", [.. probe.Select(r => r.Features)])["probability"].Select(p => p[0])];

        Assert.IsTrue(inProcess.All(float.IsFinite), "every row, NaN or not, scores a finite probability");
        for (int i = 0; i < probe.Count; i++)
        {
            Assert.AreEqual(inProcess[i], reloaded[i], 1e-6, $"row {i}: reloaded");
            Assert.AreEqual(inProcess[i], runtime[i], 1e-5, $"row {i}: ONNX Runtime");
        }
    }

    [TestMethod]
    public void MissingIndicator_ChangesThePrediction()
    {
        var model = Fit(_ml.Data.LoadFromEnumerable(Rows()));
        ImputedSlot x2 = model.Model.MissingValues.Single(s => s.Slot == 2);
        var missing = new Row { Features = [-0.5f, -0.5f, float.NaN, 3f] };
        var filled = new Row { Features = [-0.5f, -0.5f, x2.Replacement, 3f] };

        float[] p = Probabilities(model.Transform(_ml.Data.LoadFromEnumerable(new[] { missing, filled })));

        Assert.IsTrue(p[0] > 0.5f && p[1] < 0.5f, $"a missing x2 means true, its replacement value does not: {p[0]} vs {p[1]}");
    }

    [TestMethod]
    public void SummaryAndHistory_SayWhichSlotsWereImputed_AndHowManyValues()
    {
        var data = _ml.Data.LoadFromEnumerable(Rows());
        var model = Fit(data);
        string path = Path.Combine(Folder, "model.zip");
        _ml.Model.Save(model, data.Schema, path);

        foreach (var summary in new[] { model.GetModelSummary(), DeepMlpModelSummary.FromZip(path) })
        {
            Assert.IsTrue(summary.ImputesMissingValues);
            Assert.AreEqual(4, summary.FeatureCount);
            Assert.AreEqual(7, summary.InputSize, "four features and three indicators");
            CollectionAssert.AreEqual(ImputedSlots, summary.MissingValues.Select(s => s.Slot).ToArray());
            CollectionAssert.AreEqual(MissingCounts, summary.MissingValues.Select(s => s.MissingCount).ToArray());
            Assert.AreEqual(ImputedSlot.Median, summary.MissingValues[2].Method, "x3 = exp(uniform·4) is skewed");
            Assert.AreEqual(ImputedSlot.Mean, summary.MissingValues[0].Method);
            StringAssert.Contains(summary.ToString(), "missing (Impute)");
        }
        CollectionAssert.AreEqual(model.Model.MissingValues.ToArray(), DeepMlpModelSummary.FromZip(path).MissingValues.ToArray());
        StringAssert.Contains(string.Join('\n', model.History.Notes), "Missing values: imputed 165 value(s) in 3 slot(s)");
    }

    [TestMethod]
    public void Replacements_AreTheMeanOrTheMedianOfThePresentTrainingValues()
    {
        var rows = Rows();
        var model = Fit(_ml.Data.LoadFromEnumerable(rows));
        var x1 = rows.Select(r => (double)r.Features[1]).Where(v => !double.IsNaN(v)).ToList();
        var x3 = rows.Select(r => r.Features[3]).Where(v => !float.IsNaN(v)).Order().ToList();
        float median = x3.Count % 2 == 1 ? x3[x3.Count / 2] : (float)((x3[x3.Count / 2 - 1] + (double)x3[x3.Count / 2]) / 2);

        Assert.AreEqual(x1.Average(), model.Model.MissingValues[0].Replacement, 1e-5);
        Assert.AreEqual(median, model.Model.MissingValues[2].Replacement, 1e-5);
    }

    [TestMethod]
    public void SlotMissingInEveryRow_IsAnErrorNamingIt()
    {
        var rows = Rows(50);
        rows.ForEach(r => r.Features[3] = float.NaN);

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => Fit(_ml.Data.LoadFromEnumerable(rows)));

        StringAssert.Contains(error.Message, "slot 3 ('Features[3]')");
        StringAssert.Contains(error.Message, "missing (NaN) in every training row");
    }

    [TestMethod]
    public void InfiniteFeature_IsAnError_ThatSaysWhy()
    {
        var rows = Rows(50);
        rows[7].Features[0] = float.NegativeInfinity;

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => Fit(_ml.Data.LoadFromEnumerable(rows)));

        StringAssert.StartsWith(error.Message, "Feature column 'Features' has -Infinity at row 7 (0-based), slot 0.");
        StringAssert.Contains(error.Message, "Infinite values are not missing values");
    }

    [TestMethod]
    public void InfiniteFeature_AtScoring_ScoresNaN()
    {
        var model = Fit(_ml.Data.LoadFromEnumerable(Rows()));
        var row = new Row { Features = [0.5f, float.PositiveInfinity, float.NaN, 3f] };

        float[] p = Probabilities(model.Transform(_ml.Data.LoadFromEnumerable(new[] { row })));

        Assert.IsTrue(float.IsNaN(p[0]), $"an infinite value is not imputed: {p[0]}");
    }

    private static float[] Probabilities(IDataView scored) =>
        [.. scored.GetColumn<float>(scored.Schema["Probability"])];
}
