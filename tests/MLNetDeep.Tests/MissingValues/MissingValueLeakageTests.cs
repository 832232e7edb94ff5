using Microsoft.ML;

namespace MLNetDeep.Tests.MissingValues;

/// <summary>The leakage checks read NaN features as missing values, as DeepMlp trains on them.</summary>
[TestClass]
public sealed class MissingValueLeakageTests
{
    private readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    public void MissingnessThatGivesTheLabelAway_IsASingleFeatureLeak_AndNaNRowsCanBeDuplicates()
    {
        var training = MissingValueTests.Rows(200);
        foreach (var row in training)
            row.Label = float.IsNaN(row.Features[1]);
        var test = MissingValueTests.Rows(30, seed: 8);
        test.ForEach(r => r.Label = float.IsNaN(r.Features[1]));
        test.Add(training.First(r => float.IsNaN(r.Features[2])));

        var report = _ml.Data.CheckLeakage(_ml.Data.LoadFromEnumerable(training), _ml.Data.LoadFromEnumerable(test));

        var leak = report.Findings.Single(f => f.Kind == LeakageKind.SingleFeature);
        StringAssert.Contains(leak.Message, "Features[1] (missing)");
        var copies = report.Findings.Single(f => f.Kind == LeakageKind.DuplicateRows);
        Assert.AreEqual(1, copies.Figures["duplicated rows"], report.ToString());
    }
}
