using Microsoft.ML;
using Microsoft.ML.Data;
using static MLNetDeep.Tests.Evaluation.ScoredViews;

namespace MLNetDeep.Tests.Evaluation;

/// <summary>Data a report cannot evaluate gets a clear error; numeric class names and undefined figures read as ML.NET's.</summary>
[TestClass]
public sealed class EdgeCaseTests
{
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    public void BinaryRowsOfOneClass_AreRefused_NamingTheLabel()
    {
        IDataView oneClass = _ml.Data.LoadFromEnumerable(new[] { Binary(true, 1f, 0.7f), Binary(true, -1f, 0.3f) });

        var e = Assert.ThrowsExactly<ArgumentException>(() => _ml.BinaryClassification.EvaluateReport(oneClass));

        StringAssert.StartsWith(e.Message, "Every evaluated row has the label True in column 'Label': AUC, precision and recall need both classes.");
    }

    [TestMethod]
    public void ChoosingTheThresholdOnTheReportedRows_IsRefused()
    {
        IDataView test = BinaryTest(_ml);

        var e = Assert.ThrowsExactly<ArgumentException>(() => _ml.BinaryClassification.EvaluateReport(test, thresholdFrom: test));

        StringAssert.StartsWith(e.Message, "thresholdFrom is the view being evaluated: choose the threshold on validation rows");
    }

    [TestMethod]
    public void RegressionWithoutAUsableRow_IsRefused()
    {
        IDataView nan = Regression(_ml, [float.NaN, 1f], [2f, float.NaN]);

        var e = Assert.ThrowsExactly<ArgumentException>(() => _ml.Regression.EvaluateReport(nan));

        StringAssert.StartsWith(e.Message, "No row of the view has both a 'Label' and a 'Score' that are not NaN (it has 2 rows).");
    }

    [TestMethod]
    public void F1_IsZero_WhenNothingIsPredictedPositive_InThePointAndTheConfusion()
    {
        // Every score below 0: TP = 0 and FP = 0, so precision and recall are 0; ML.NET then gives F1 = 0, and so does the confusion.
        IDataView allNegative = _ml.Data.LoadFromEnumerable(new[] { Binary(true, -1f, 0.3f), Binary(false, -2f, 0.1f), Binary(false, -3f, 0.05f) });

        var report = _ml.BinaryClassification.EvaluateReport(allNegative);

        Assert.AreEqual(0, report[MetricNames.F1].Value);
        Assert.AreEqual(0, report.Confusion.F1);
    }

    [TestMethod]
    public void NumericKeyValues_NameTheClasses()
    {
        var rows = new[] { (3f, 0), (5f, 1), (7f, 2), (5f, 1) }.Select(r => new NumericRow
        {
            Truth = r.Item1,
            Score = [.. Enumerable.Range(0, 3).Select(c => c == r.Item2 ? 0.8f : 0.1f)],
        });
        var keyed = _ml.Transforms.Conversion.MapValueToKey("Label", nameof(NumericRow.Truth))
            .Append(_ml.Transforms.CopyColumns("PredictedLabel", "Label"))
            .Fit(_ml.Data.LoadFromEnumerable(rows)).Transform(_ml.Data.LoadFromEnumerable(rows));

        var report = _ml.MulticlassClassification.EvaluateReport(keyed);

        string[] names = ["3", "5", "7"];
        CollectionAssert.AreEqual(names, report.PerClass.Select(c => c.Name).ToArray());
        Assert.AreEqual(2, report.PerClass[1].Support);
    }

    private sealed class NumericRow
    {
        public float Truth { get; set; }
        [VectorType(3)] public float[] Score { get; set; } = [];
    }
}
